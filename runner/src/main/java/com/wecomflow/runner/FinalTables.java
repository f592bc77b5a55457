package com.wecomflow.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reduces every row version a job wrote to a table's final content: per key, the row with the
 * highest {@code version}, which is what {@code SELECT * FROM table FINAL} returns from a
 * {@code ReplacingMergeTree(version)}. Rows are written sorted by key, so equal content gives
 * equal files.
 */
public final class FinalTables {

    private FinalTables() {}

    /** @return the number of rows written (deleted rows are not) */
    public static int reduce(Path partsDirectory, ResultTable table, Path outFile) throws IOException {
        Map<String, ObjectNode> latest = new TreeMap<>();
        if (Files.isDirectory(partsDirectory)) {
            List<Path> parts;
            try (Stream<Path> files = Files.list(partsDirectory)) {
                parts = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            }
            for (Path part : parts) {
                readVersions(part, table, latest);
            }
        }
        latest.values().removeIf(row -> row.path(ResultTable.IS_DELETED_COLUMN).asInt(0) == 1);
        try (BufferedWriter out = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            for (ObjectNode row : latest.values()) {
                out.write(Json.MAPPER.writeValueAsString(row));
                out.write('\n');
            }
        }
        return latest.size();
    }

    private static void readVersions(Path part, ResultTable table, Map<String, ObjectNode> latest) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode row;
                try {
                    row = (ObjectNode) Json.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    // A writer killed mid-write (a TaskManager lost) leaves half a last line; its
                    // rows were after the last checkpoint, so the restarted attempt wrote them again.
                    if (reader.readLine() == null) {
                        break;
                    }
                    throw e;
                }
                String key = keyOf(row, table);
                ObjectNode previous = latest.get(key);
                if (previous == null || version(row) > version(previous)) {
                    latest.put(key, row);
                }
            }
        }
    }

    private static String keyOf(JsonNode row, ResultTable table) {
        List<String> values = new ArrayList<>(table.keyColumns().size());
        for (String column : table.keyColumns()) {
            values.add(row.path(column).asText());
        }
        return String.join("\u0000", values);
    }

    private static long version(JsonNode row) {
        return row.path(ResultTable.VERSION_COLUMN).asLong();
    }
}
