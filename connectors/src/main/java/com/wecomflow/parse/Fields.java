package com.wecomflow.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.records.DeadLetterKind;
import java.util.ArrayList;
import java.util.List;

/** Typed, checked access to WeCom's JSON fields; every violation names the field. */
final class Fields {

    private Fields() {}

    static String requiredText(JsonNode node, String field) throws ParseException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD, "missing required field " + field);
        }
        if (!value.isTextual()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "field " + field + " must be a string, got " + value.getNodeType());
        }
        return value.asText();
    }

    /** An id: a non-empty string. */
    static String requiredId(JsonNode node, String field) throws ParseException {
        String value = requiredText(node, field);
        if (value.isBlank()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD, "field " + field + " must not be empty");
        }
        return value;
    }

    static String optionalText(JsonNode node, String field) throws ParseException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return value.asText();
        }
        throw new ParseException(DeadLetterKind.WRONG_TYPE,
                "field " + field + " must be a string, got " + value.getNodeType());
    }

    /** A whole number given as a JSON number or a numeric string (WeCom's XML has no types). */
    static long requiredLong(JsonNode node, String field) throws ParseException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD, "missing required field " + field);
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ParseException(DeadLetterKind.WRONG_TYPE, "field " + field + " must be a whole number, got " + value);
    }

    /** Unix seconds from 2001 to 5138: a value outside is in the wrong unit (milliseconds) or garbage. */
    static long requiredEpochSeconds(JsonNode node, String field) throws ParseException {
        long value = requiredLong(node, field);
        if (value < 1_000_000_000L || value >= 100_000_000_000L) {
            throw new ParseException(DeadLetterKind.INVALID_VALUE,
                    "field " + field + " must be Unix seconds, got " + value);
        }
        return value;
    }

    /** Unix milliseconds from 2001 to 5138: a value outside is in the wrong unit (seconds) or garbage. */
    static long requiredEpochMillis(JsonNode node, String field) throws ParseException {
        long value = requiredLong(node, field);
        if (value < 1_000_000_000_000L || value >= 100_000_000_000_000L) {
            throw new ParseException(DeadLetterKind.INVALID_VALUE,
                    "field " + field + " must be Unix milliseconds, got " + value);
        }
        return value;
    }

    static Long optionalLong(JsonNode node, String field) throws ParseException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : requiredLong(node, field);
    }

    static List<String> requiredTextArray(JsonNode node, String field) throws ParseException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ParseException(DeadLetterKind.MISSING_FIELD, "missing required field " + field);
        }
        if (!value.isArray()) {
            throw new ParseException(DeadLetterKind.WRONG_TYPE,
                    "field " + field + " must be an array, got " + value.getNodeType());
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new ParseException(DeadLetterKind.WRONG_TYPE,
                        "field " + field + " must hold strings, got " + item.getNodeType());
            }
            items.add(item.asText());
        }
        return items;
    }
}
