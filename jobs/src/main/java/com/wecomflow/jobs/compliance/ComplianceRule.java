package com.wecomflow.jobs.compliance;

import java.util.List;

/**
 * A compliance rule (DESIGN sections 5 and 5b): a keyword list, a regular expression or a
 * sensitive behaviour, with its category and severity; or, under a built-in's id
 * ({@code builtin.phone}, {@code builtin.email} and the monitors {@code builtin.flood},
 * {@code builtin.mass_deletion}, {@code builtin.reply_timeout}), the settings of that built-in. A rule deleted from the rules topic is kept as {@code deleted}, so that it
 * also hides a rule of the same id given at start-up.
 *
 * @param words keyword rules: the keywords as configured
 * @param pattern regex rules: a Java regular expression, matched on the normalised text
 * @param behavior behaviour rules: the messages that alert
 */
public record ComplianceRule(
        String ruleId,
        String type,
        List<String> words,
        String pattern,
        String category,
        String severity,
        boolean enabled,
        boolean deleted,
        BehaviorMatch behavior) implements java.io.Serializable {

    public static final String KEYWORD = "keyword";
    public static final String REGEX = "regex";
    public static final String BEHAVIOR = "behavior";
    public static final String BUILTIN = "builtin";

    public static final String BUILTIN_PHONE = "builtin.phone";
    public static final String BUILTIN_EMAIL = "builtin.email";
    public static final String BUILTIN_FLOOD = "builtin.flood";
    public static final String BUILTIN_MASS_DELETION = "builtin.mass_deletion";
    public static final String BUILTIN_REPLY_TIMEOUT = "builtin.reply_timeout";

    /** The built-ins a rule line can switch off or re-classify by their id. */
    public static final List<String> BUILTIN_IDS =
            List.of(BUILTIN_PHONE, BUILTIN_EMAIL, BUILTIN_FLOOD, BUILTIN_MASS_DELETION, BUILTIN_REPLY_TIMEOUT);

    /** A rule that is not a behaviour rule. */
    public ComplianceRule(String ruleId, String type, List<String> words, String pattern, String category,
            String severity, boolean enabled, boolean deleted) {
        this(ruleId, type, words, pattern, category, severity, enabled, deleted, null);
    }

    public static ComplianceRule deletion(String ruleId) {
        return new ComplianceRule(ruleId, null, null, null, null, null, false, true);
    }

    public boolean isActive() {
        return enabled && !deleted;
    }
}
