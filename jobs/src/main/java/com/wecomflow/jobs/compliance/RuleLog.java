package com.wecomflow.jobs.compliance;

import com.wecomflow.parse.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a sequence of rule records (a rules file's lines, or the compacted rules topic) into the
 * rules in force: a later record with the same {@code rule_id} replaces an earlier one, and a
 * record without a value deletes its rule.
 */
public final class RuleLog {

    /** A record that is not a valid rule, with the reason. */
    public record Rejected(long position, String text, String reason) {}

    private final Map<String, ComplianceRule> rules = new LinkedHashMap<>();
    private final List<Rejected> rejected = new ArrayList<>();

    /**
     * @param key the record key (the rule id on the topic), or null in a file
     * @param value the rule as JSON, or null to delete the rule {@code key}
     * @param position where the record is (offset or line), for rejections
     */
    public void apply(String key, String value, long position) {
        if (value == null) {
            if (key != null) {
                rules.put(key, ComplianceRule.deletion(key));
            }
            return;
        }
        try {
            ComplianceRule rule = RuleParser.parse(value);
            rules.put(rule.ruleId(), rule);
        } catch (ParseException e) {
            rejected.add(new Rejected(position, value, e.getMessage()));
        }
    }

    public List<ComplianceRule> rules() {
        return new ArrayList<>(rules.values());
    }

    public List<Rejected> rejected() {
        return rejected;
    }
}
