package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.LocalClickHouseServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run replay --clickhouse-url}: every job writes every table to a real ClickHouse server through the sink. */
class ClickHouseReplayTest {

    @TempDir
    Path dir;

    @Test
    void everyTableReachesClickHouseWithTheSameFinalRowsAsTheFiles() throws Exception {
        Path tenant = dir.resolve("tenant");
        new TenantGenerator(10, 150, 5).writeTo(tenant);
        try (LocalClickHouseServer server = LocalClickHouseServer.start()) {
            for (String statement : ClickHouseMigrations.statements(Files.readString(
                    Path.of("src/test/resources/old-server-result-tables.sql"), StandardCharsets.UTF_8))) {
                server.query(statement);
            }
            Path out = dir.resolve("out");
            new ReplayRunner().run(new ReplayRunner.Options(
                    tenant.resolve(TenantGenerator.CALLBACKS_FILE),
                    tenant.resolve(TenantGenerator.MESSAGES_FILE),
                    tenant.resolve(TenantGenerator.RULES_FILE),
                    PipelineConfig.defaults(),
                    out,
                    ClickHouseConnection.parse(server.url())), Progress.silent());

            for (ResultTable table : ResultTable.values()) {
                List<JsonNode> rows = Replays.readLines(out.resolve(table.tableName() + ".jsonl"));
                String visible = table == ResultTable.CHANNEL_CONVERSION_DAILY ? " WHERE is_deleted = 0" : "";
                assertThat(server.query("SELECT count() FROM wecom." + table.tableName() + " FINAL" + visible))
                        .as(table.tableName()).isEqualTo(Integer.toString(rows.size()));
                assertThat(rows).as(table.tableName()).isNotEmpty();
            }
            long messages = Replays.readLines(out.resolve("group_daily_stats.jsonl")).stream()
                    .mapToLong(row -> row.get("msg_total").asLong()).sum();
            assertThat(server.query("SELECT sum(msg_total) FROM wecom.group_daily_stats FINAL"))
                    .isEqualTo(Long.toString(messages));
        }
    }
}
