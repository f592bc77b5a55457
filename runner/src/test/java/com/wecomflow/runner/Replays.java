package com.wecomflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.parse.Json;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs scenarios through the real replay path (Kafka broker, MiniCluster, every job) and reads what it wrote. */
final class Replays {

    private Replays() {}

    /** Writes the lines as input files under {@code dir/name} and replays them; returns the output directory. */
    static Path replay(Path dir, String name, List<String> callbacks, List<String> messages, PipelineConfig config)
            throws Exception {
        run(dir, name, callbacks, messages, config);
        return output(dir, name);
    }

    /** As {@link #replay}, returning what the replay reports; its output is in {@link #output}. */
    static ReplayRunner.Summary run(Path dir, String name, List<String> callbacks, List<String> messages, PipelineConfig config)
            throws Exception {
        Path input = Files.createDirectories(dir.resolve(name));
        Path callbackFile = input.resolve("callbacks.jsonl");
        Path messageFile = input.resolve("messages.jsonl");
        Files.write(callbackFile, callbacks, StandardCharsets.UTF_8);
        Files.write(messageFile, messages, StandardCharsets.UTF_8);
        return new ReplayRunner().run(
                new ReplayRunner.Options(callbackFile, messageFile, null, config, output(dir, name)), Progress.silent());
    }

    /** A replay of a {@link TenantGenerator} tenant with its rules, default settings, and this catalogue. */
    static ReplayRunner.Options ofGeneratedTenant(Path tenant, Path out, ClickHouseConnection clickHouse, Path channels) {
        return new ReplayRunner.Options(
                tenant.resolve(TenantGenerator.CALLBACKS_FILE),
                tenant.resolve(TenantGenerator.MESSAGES_FILE),
                tenant.resolve(TenantGenerator.RULES_FILE),
                PipelineConfig.defaults(),
                out,
                clickHouse,
                channels);
    }

    static Path output(Path dir, String name) {
        return dir.resolve(name).resolve("out");
    }

    static Path replay(Path dir, String name, List<String> callbacks, List<String> messages) throws Exception {
        return replay(dir, name, callbacks, messages, PipelineConfig.defaults());
    }

    /** A table's rows as JSON text without the {@code version} column, in file order. */
    static List<String> rowsWithoutVersion(Path out, String table) throws IOException {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : readLines(out.resolve(table + ".jsonl"))) {
            ((ObjectNode) row).remove("version");
            rows.add(Json.MAPPER.writeValueAsString(row));
        }
        return rows;
    }

    static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }
}
