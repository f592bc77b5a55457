package com.wecomflow.parse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.wecomflow.records.DeadLetterKind;
import java.util.List;

/**
 * The project's JSON mappers, configured once. Result rows use the tables' snake_case column
 * names; dates are ISO strings, as ClickHouse's JSONEachRow reads and writes them.
 */
public final class Json {

    /** For WeCom payloads and generic trees. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** For result rows, dead letters and alerts: snake_case names as in the table contracts. */
    public static final ObjectMapper ROWS = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    /** For identities: the same content always serialises to the same bytes, whatever the key order. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    /** Parses one JSON object; anything else (an array, a scalar, broken text) is a {@link ParseException}. */
    public static JsonNode parseObject(String text) throws ParseException {
        if (text == null || text.isBlank()) {
            throw new ParseException(DeadLetterKind.NOT_JSON, "empty record");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ParseException(DeadLetterKind.NOT_JSON, "not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ParseException(DeadLetterKind.NOT_JSON, "not a JSON object");
        }
        return node;
    }

    /** The object serialised with keys sorted at every level, so equal content gives equal text. */
    public static String canonical(JsonNode node) {
        try {
            Object plain = CANONICAL.treeToValue(node, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise a parsed JSON tree", e);
        }
    }

    public static String toRowJson(Object row) {
        try {
            return ROWS.writeValueAsString(row);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise " + row.getClass().getSimpleName(), e);
        }
    }

    /** The JSON names of a row type's fields, as {@link #toRowJson} writes them: its table's columns. */
    public static List<String> columnsOf(Class<?> rowClass) {
        return rowProperties(rowClass).stream().map(BeanPropertyDefinition::getName).toList();
    }

    /** The accessors of a row type's columns, in the order asked: reading a few columns without writing the row. */
    public static List<AnnotatedMember> accessorsOf(Class<?> rowClass, List<String> columns) {
        List<BeanPropertyDefinition> properties = rowProperties(rowClass);
        return columns.stream()
                .map(column -> properties.stream().filter(property -> property.getName().equals(column)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(rowClass.getSimpleName() + " has no column " + column))
                        .getAccessor())
                .toList();
    }

    private static List<BeanPropertyDefinition> rowProperties(Class<?> rowClass) {
        return ROWS.getSerializationConfig().introspect(ROWS.constructType(rowClass)).findProperties();
    }

    /** A copy of a tree whose strings have U+0000 replaced by U+FFFD, for stores whose text cannot hold it. */
    public static JsonNode withoutNul(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(node.asText().replace('\u0000', '\uFFFD'));
        }
        if (node.isContainerNode()) {
            JsonNode copy = node.deepCopy();
            if (copy instanceof ObjectNode object) {
                object.fields().forEachRemaining(field -> field.setValue(withoutNul(field.getValue())));
            } else if (copy instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, withoutNul(array.get(i)));
                }
            }
            return copy;
        }
        return node;
    }

    /** The parser's message without its location boilerplate: the raw text is in the dead letter anyway. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.replaceAll("\\s*\\(start marker at \\[Source.*$", "").replaceAll("\\s*at \\[Source.*$", "");
    }
}
