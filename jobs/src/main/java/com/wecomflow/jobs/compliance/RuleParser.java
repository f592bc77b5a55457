package com.wecomflow.jobs.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import com.wecomflow.records.DeadLetterKind;
import com.wecomflow.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one rule, as a line of a rules file or a value of the rules topic:
 * {@code {"rule_id","type":"keyword","words":[...]}} or {@code {"rule_id","type":"regex","pattern":"..."}},
 * with {@code category}, {@code severity} ({@code low|medium|high}, default {@code medium}) and
 * {@code enabled} (default true); no other key. A rule that cannot work (no words, a regex that does not
 * compile, an unknown severity) is a {@link ParseException} naming the problem: it is rejected on
 * its own and never affects the other rules.
 */
public final class RuleParser {

    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high");

    /** Every key a rule may have: any other is a typo (as for the config), never silently a default. */
    private static final List<String> KEYS = List.of("rule_id", "type", "words", "pattern", "category", "severity", "enabled");

    private RuleParser() {}

    public static ComplianceRule parse(String text) throws ParseException {
        JsonNode node = Json.parseObject(text);
        String ruleId = text(node, "rule_id", null);
        if (ruleId == null || ruleId.isBlank()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD, "missing required field rule_id");
        }
        for (java.util.Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new ParseException(DeadLetterKind.INVALID_VALUE,
                        "rule " + ruleId + ": unknown key " + key + " (known: " + String.join(", ", KEYS) + ")");
            }
        }
        boolean builtin = ruleId.equals(ComplianceRule.BUILTIN_PHONE) || ruleId.equals(ComplianceRule.BUILTIN_EMAIL);
        String type = builtin ? ComplianceRule.BUILTIN : text(node, "type", null);
        String severity = text(node, "severity", builtin ? null : "medium");
        if (severity != null && !SEVERITIES.contains(severity)) {
            throw new ParseException(DeadLetterKind.INVALID_VALUE,
                    "rule " + ruleId + ": severity must be low, medium or high, got " + severity);
        }
        JsonNode enabledNode = node.get("enabled");
        if (enabledNode != null && !enabledNode.isNull() && !enabledNode.isBoolean()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE, "rule " + ruleId + ": enabled must be true or false");
        }
        boolean enabled = enabledNode == null || enabledNode.isNull() || enabledNode.asBoolean();
        String category = text(node, "category", builtin ? null : type);
        if (builtin) {
            return new ComplianceRule(ruleId, type, null, null, category, severity, enabled, false);
        }
        if (ComplianceRule.KEYWORD.equals(type)) {
            return new ComplianceRule(ruleId, type, words(node, ruleId), null, category, severity, enabled, false);
        }
        if (ComplianceRule.REGEX.equals(type)) {
            String pattern = text(node, "pattern", null);
            if (pattern == null || pattern.isEmpty()) {
                throw new ParseException(DeadLetterKind.MISSING_FIELD,
                        "rule " + ruleId + ": a regex rule needs a pattern");
            }
            try {
                Pattern.compile(pattern, RuleSet.REGEX_FLAGS);
            } catch (PatternSyntaxException e) {
                throw new ParseException(DeadLetterKind.INVALID_VALUE,
                        "rule " + ruleId + ": invalid regex: " + e.getDescription() + " near index " + e.getIndex());
            }
            return new ComplianceRule(ruleId, type, null, pattern, category, severity, enabled, false);
        }
        throw new ParseException(DeadLetterKind.INVALID_VALUE,
                "rule " + ruleId + ": type must be keyword or regex, got " + type);
    }

    private static List<String> words(JsonNode node, String ruleId) throws ParseException {
        JsonNode words = node.get("words");
        if (words == null || !words.isArray() || words.isEmpty()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD,
                    "rule " + ruleId + ": a keyword rule needs a non-empty words array");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode word : words) {
            if (!word.isTextual() || TextNormalizer.normalizeKeyword(word.asText()).isEmpty()) {
                throw new ParseException(DeadLetterKind.INVALID_VALUE,
                        "rule " + ruleId + ": every word must be a string with a letter or digit, got " + word);
            }
            list.add(word.asText());
        }
        return list;
    }

    private static String text(JsonNode node, String field, String fallback) throws ParseException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "field " + field + " must be a string, got " + value.getNodeType());
        }
        return value.asText();
    }
}
