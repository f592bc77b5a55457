package com.wecomflow.jobs.compliance;

import java.util.List;

/**
 * A compliance rule (DESIGN section 5): a keyword list or a regular expression, with its category
 * and severity; or, under the ids {@code builtin.phone} and {@code builtin.email}, the settings of
 * a built-in pattern. A rule deleted from the rules topic is kept as {@code deleted}, so that it
 * also hides a rule of the same id given at start-up.
 *
 * @param words keyword rules: the keywords as configured
 * @param pattern regex rules: a Java regular expression, matched on the normalised text
 */
public record ComplianceRule(
        String ruleId,
        String type,
        List<String> words,
        String pattern,
        String category,
        String severity,
        boolean enabled,
        boolean deleted) implements java.io.Serializable {

    public static final String KEYWORD = "keyword";
    public static final String REGEX = "regex";
    public static final String BUILTIN = "builtin";

    public static final String BUILTIN_PHONE = "builtin.phone";
    public static final String BUILTIN_EMAIL = "builtin.email";

    public static ComplianceRule deletion(String ruleId) {
        return new ComplianceRule(ruleId, null, null, null, null, null, false, true);
    }

    public boolean isActive() {
        return enabled && !deleted;
    }
}
