package com.wecomflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.postgres.PostgresConnection;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A result table's rows in PostgreSQL and in the JSON the jobs write, each as column to text, so
 * that both compare by value: numbers without their JSON spelling ({@code 100.0} and {@code 100}),
 * PostgreSQL's times back in the rows' wall-clock form, and without {@code is_deleted} (only live
 * rows are in either).
 */
final class PostgresRows {

    /** How PostgreSQL's JSON writes a timestamptz. */
    private static final Pattern TIMESTAMPTZ = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?[+-]\\d{2}:\\d{2}");
    /** How the result rows write a time: wall clock in the business time zone, milliseconds. */
    private static final DateTimeFormatter ROW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private PostgresRows() {}

    /** A table's rows in PostgreSQL, times in the business time zone; {@code ignored} columns left out. */
    static List<Map<String, String>> of(PostgresConnection postgres, ResultTable table, ZoneId businessTime,
            Set<String> ignored) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = postgres.open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT row_to_json(t)::text FROM wecom." + table.tableName() + " t")) {
            while (result.next()) {
                rows.add(comparable(Json.MAPPER.readTree(result.getString(1)), businessTime, ignored));
            }
        }
        return rows;
    }

    /** Rows as the jobs write them (JSON lines); {@code ignored} columns left out. */
    static List<Map<String, String>> comparable(List<JsonNode> rows, Set<String> ignored) {
        return rows.stream().map(row -> comparable(row, null, ignored)).toList();
    }

    private static Map<String, String> comparable(JsonNode row, ZoneId databaseTimes, Set<String> ignored) {
        Map<String, String> columns = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(ResultTable.IS_DELETED_COLUMN) || ignored.contains(field.getKey())) {
                continue;
            }
            JsonNode value = field.getValue();
            String text;
            if (value.isNumber()) {
                text = new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
            } else if (value.isTextual() && databaseTimes != null && TIMESTAMPTZ.matcher(value.asText()).matches()) {
                text = ROW_TIME.format(OffsetDateTime.parse(value.asText()).atZoneSameInstant(databaseTimes));
            } else {
                text = value.isTextual() ? value.asText() : value.toString();
            }
            columns.put(field.getKey(), text);
        }
        return columns;
    }
}
