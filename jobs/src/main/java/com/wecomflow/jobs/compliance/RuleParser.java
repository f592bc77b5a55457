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
 * {@code {"rule_id","type":"keyword","words":[...]}}, {@code {"rule_id","type":"regex","pattern":"..."}} or
 * {@code {"rule_id","type":"behavior","msgtypes":[...],"sender":"employee|customer|any","chat":"single|group|any"}},
 * with {@code category}, {@code severity} ({@code low|medium|high}, default {@code medium}) and
 * {@code enabled} (default true); no other key, and no key of another type. A line with a
 * built-in's id sets that built-in's {@code enabled}, {@code category} and {@code severity}. A rule that cannot work (no words, a regex that does not
 * compile, an unknown severity) is a {@link ParseException} naming the problem: it is rejected on
 * its own and never affects the other rules.
 */
public final class RuleParser {

    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high");

    /** Every key a rule may have: any other is a typo (as for the config), never silently a default. */
    private static final List<String> KEYS = List.of(
            "rule_id", "type", "words", "pattern", "category", "severity", "enabled", "msgtypes", "sender", "chat");

    /** The keys that belong to one type of rule only: on a rule of another type they are a mistake. */
    private static final java.util.Map<String, String> TYPE_OF_KEY = java.util.Map.of(
            "words", ComplianceRule.KEYWORD,
            "pattern", ComplianceRule.REGEX,
            "msgtypes", ComplianceRule.BEHAVIOR,
            "sender", ComplianceRule.BEHAVIOR,
            "chat", ComplianceRule.BEHAVIOR);

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
        boolean builtin = ComplianceRule.BUILTIN_IDS.contains(ruleId);
        String type = builtin ? ComplianceRule.BUILTIN : text(node, "type", null);
        for (java.util.Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            String owner = TYPE_OF_KEY.get(key);
            if (owner != null && !owner.equals(type)) {
                throw new ParseException(DeadLetterKind.INVALID_VALUE,
                        "rule " + ruleId + ": key " + key + " belongs to " + owner + " rules, not to "
                                + (builtin ? "the built-in " + ruleId : type + " rules"));
            }
        }
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
        if (ComplianceRule.BEHAVIOR.equals(type)) {
            BehaviorMatch behavior = new BehaviorMatch(msgtypes(node, ruleId),
                    oneOf(node, "sender", BehaviorMatch.SENDERS, ruleId), oneOf(node, "chat", BehaviorMatch.CHATS, ruleId));
            return new ComplianceRule(ruleId, type, null, null, category, severity, enabled, false, behavior);
        }
        throw new ParseException(DeadLetterKind.INVALID_VALUE,
                "rule " + ruleId + ": type must be keyword, regex or behavior, got " + type);
    }

    private static List<String> msgtypes(JsonNode node, String ruleId) throws ParseException {
        JsonNode msgtypes = node.get("msgtypes");
        if (msgtypes == null || !msgtypes.isArray() || msgtypes.isEmpty()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD,
                    "rule " + ruleId + ": a behavior rule needs a non-empty msgtypes array");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode msgtype : msgtypes) {
            if (!msgtype.isTextual() || msgtype.asText().isBlank()) {
                throw new ParseException(DeadLetterKind.INVALID_VALUE,
                        "rule " + ruleId + ": every msgtype must be a non-empty string, got " + msgtype);
            }
            list.add(msgtype.asText());
        }
        return List.copyOf(list);
    }

    /** A behaviour rule's {@code sender} or {@code chat}: one of its values, {@code any} when absent. */
    private static String oneOf(JsonNode node, String field, List<String> values, String ruleId) throws ParseException {
        String value = text(node, field, BehaviorMatch.ANY);
        if (!values.contains(value)) {
            throw new ParseException(DeadLetterKind.INVALID_VALUE,
                    "rule " + ruleId + ": " + field + " must be " + String.join(", ", values) + ", got " + value);
        }
        return value;
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
