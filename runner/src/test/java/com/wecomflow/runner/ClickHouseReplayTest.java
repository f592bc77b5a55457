package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.LocalClickHouseServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run replay --clickhouse-url}: every job writes every table to a real ClickHouse server through the sink. */
class ClickHouseReplayTest {

    @TempDir
    Path dir;

    @Test
    void everyTableReachesClickHouseWithTheSameFinalRowsAsTheFiles() throws Exception {
        Path tenant = tenant();
        try (LocalClickHouseServer server = OldClickHouse.withResultTables()) {
            Path out = dir.resolve("out");
            new ReplayRunner().run(options(tenant, out, server.url()), Progress.silent());

            assertTablesMatchTheFiles(server, out);
        }
    }

    @Test
    void aServerThatGoesAwayDuringTheRunShowsInTheProgressLineAndLosesNothing() throws Exception {
        Path tenant = tenant();
        try (LocalClickHouseServer server = OldClickHouse.withResultTables()) {
            ByteArrayOutputStream shown = new ByteArrayOutputStream();
            Progress progress = new Progress(new PrintStream(shown, true, StandardCharsets.UTF_8), true);
            Path out = dir.resolve("out");
            CompletableFuture<ReplayRunner.Summary> replay = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ReplayRunner().run(options(tenant, out, server.url()), progress);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // Stopped once the start-up check has passed, before any job could have written everything.
            waitFor(() -> shown.toString(StandardCharsets.UTF_8).contains("starting Flink"), "Flink to start");
            server.stopProcess();
            waitFor(() -> shown.toString(StandardCharsets.UTF_8).contains(
                    "row versions written, ") && shown.toString(StandardCharsets.UTF_8).contains(
                    "; ClickHouse unreachable, retrying"), "the progress line to say ClickHouse is unreachable");
            server.startProcess();
            replay.get(5, TimeUnit.MINUTES);

            assertTablesMatchTheFiles(server, out);
        }
    }

    @Test
    void aServerWithoutTheTablesFailsAtStartNamingThemAndTheMigrateCommand() throws Exception {
        Path tenant = tenant();
        try (LocalClickHouseServer server = LocalClickHouseServer.start()) {
            Path out = dir.resolve("out");
            assertThatThrownBy(() -> new ReplayRunner().run(options(tenant, out, server.url()), Progress.silent()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--clickhouse-url: ClickHouse at " + server.url() + " has no table "
                            + String.join(", ", Stream.of(ResultTable.values())
                                    .map(table -> "wecom." + table.tableName()).toList())
                            + "; create them with ./run migrate --clickhouse-url URL");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void anUnreachableServerIsOneErrorLineAndExitTwoBeforeAnythingRuns() throws Exception {
        Path tenant = tenant();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        long started = System.nanoTime();
        try {
            status = WeComFlowCli.execute("replay",
                    "--callbacks", tenant.resolve(TenantGenerator.CALLBACKS_FILE).toString(),
                    "--messages", tenant.resolve(TenantGenerator.MESSAGES_FILE).toString(),
                    "--out", dir.resolve("out").toString(),
                    "--clickhouse-url", "http://127.0.0.1:" + closedPort);
        } finally {
            System.setErr(originalErr);
        }

        assertThat(status).isEqualTo(WeComFlowCli.USAGE_ERROR);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith(
                "error: --clickhouse-url: ClickHouse at http://127.0.0.1:" + closedPort + " is unreachable (");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    private Path tenant() throws Exception {
        Path tenant = dir.resolve("tenant");
        // Two weeks, so that some check-in streaks reach the first milestone (7 days).
        new TenantGenerator(14, 150, 5).writeTo(tenant);
        Files.write(tenant.resolve(CATALOGUE), List.of(
                "{\"corp_id\":\"ww1\",\"state\":\"wx-menu\",\"name\":\"公众号菜单\",\"kind\":\"channel\"}",
                "{\"corp_id\":\"ww1\",\"state\":\"store-sz-01\",\"kind\":\"store\",\"region\":\"华南\",\"store\":\"深圳南山店\"}"),
                StandardCharsets.UTF_8);
        return tenant;
    }

    /** A small channel catalogue next to the generated tenant, so that the channels table has rows too. */
    private static final String CATALOGUE = "catalogue.jsonl";

    private static ReplayRunner.Options options(Path tenant, Path out, String clickHouseUrl) {
        return Replays.ofGeneratedTenant(tenant, out, ClickHouseConnection.parse(clickHouseUrl), tenant.resolve(CATALOGUE));
    }

    private static void assertTablesMatchTheFiles(LocalClickHouseServer server, Path out) throws Exception {
        for (ResultTable table : ResultTable.values()) {
            List<JsonNode> rows = Replays.readLines(out.resolve(table.tableName() + ".jsonl"));
            assertThat(server.query(OldClickHouse.countVisibleRows(table)))
                    .as(table.tableName()).isEqualTo(Integer.toString(rows.size()));
            assertThat(rows).as(table.tableName()).isNotEmpty();
        }
        long messages = Replays.readLines(out.resolve("group_daily_stats.jsonl")).stream()
                .mapToLong(row -> row.get("msg_total").asLong()).sum();
        assertThat(server.query("SELECT sum(msg_total) FROM wecom.group_daily_stats FINAL"))
                .isEqualTo(Long.toString(messages));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
