package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.LocalClickHouseServer;
import com.wecomflow.sinks.postgres.LocalPostgres;
import com.wecomflow.sinks.postgres.PostgresConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a production deployment lives through, on a real standalone Flink cluster (JobManager,
 * TaskManager and Kafka broker each their own process; the jobs submitted as the shaded jar with
 * {@code bin/flink run}), each run compared with an uninterrupted run of the same tenant.
 */
class StandaloneClusterIT {

    private static final int GARBAGE_PER_TOPIC = 5_000;

    @TempDir
    static Path work;

    private static Path tenant;
    private static Uninterrupted uninterrupted;
    private static List<String> uninterruptedMessageAlertIds;
    /** The uninterrupted run's tables in PostgreSQL, where the shaded jar's JDBC sink wrote them too. */
    private static Map<ResultTable, List<Map<String, String>>> uninterruptedPostgresTables;
    /** Columns the final tables are compared without: they differ between runs of the same input. */
    private static final Set<String> RUN_DEPENDENT = Set.of("version", "detected_at");

    /** What the uninterrupted run left: final tables, the alert stream, the dead letters. */
    private record Uninterrupted(Map<ResultTable, List<String>> tables, List<String> alerts, Map<String, JsonNode> deadLetters) {}

    @BeforeAll
    static void runTheTenantUninterrupted() throws Exception {
        tenant = work.resolve("tenant");
        new TenantGenerator(16, 300, 23).writeTo(tenant);
        for (String file : List.of(TenantGenerator.CALLBACKS_FILE, TenantGenerator.MESSAGES_FILE)) {
            List<String> lines = Files.readAllLines(tenant.resolve(file), StandardCharsets.UTF_8);
            Files.write(Files.createDirectories(tenant.resolve("first-half")).resolve(file),
                    lines.subList(0, lines.size() / 2), StandardCharsets.UTF_8);
            Files.write(Files.createDirectories(tenant.resolve("second-half")).resolve(file),
                    lines.subList(lines.size() / 2, lines.size()), StandardCharsets.UTF_8);
        }
        try (LocalPostgres postgres = LocalPostgres.start();
                ClusterRun run = ClusterRun.up(work.resolve("uninterrupted"))) {
            PostgresConnection database = PostgresConnection.parse(postgres.createDatabase("cluster"));
            new PostgresMigrations(database).apply(Migrations.load(Path.of("../sql/postgres"), Map.of()), Progress.silent());
            run.putRulesAndCatalogue(tenant);
            run.submitAll(List.of("--results-dir", run.results.toString(), "--postgres-url", postgres.url("cluster")), Map.of());
            run.produce(tenant.resolve(TenantGenerator.CALLBACKS_FILE), tenant.resolve(TenantGenerator.MESSAGES_FILE));
            run.closeEveryDay(tenant.resolve(TenantGenerator.CALLBACKS_FILE));
            run.awaitSettled();
            assertThat(run.failures()).isZero();
            uninterrupted = new Uninterrupted(run.finalTables(), run.committedAlerts(), run.deadLetters());
            uninterruptedMessageAlertIds = run.committedMessageAlertIds();
            uninterruptedPostgresTables = new EnumMap<>(ResultTable.class);
            for (ResultTable table : ResultTable.values()) {
                uninterruptedPostgresTables.put(table,
                        PostgresRows.of(database, table, ZoneId.of(PipelineConfig.defaults().timezone()), RUN_DEPENDENT));
            }
        }
        uninterrupted.tables().forEach((table, rows) -> assertThat(rows).as(table.tableName()).isNotEmpty());
        for (Map.Entry<ResultTable, List<String>> table : uninterrupted.tables().entrySet()) {
            List<JsonNode> rows = new ArrayList<>();
            for (String row : table.getValue()) {
                rows.add(com.wecomflow.parse.Json.MAPPER.readTree(row));
            }
            assertThat(uninterruptedPostgresTables.get(table.getKey())).as("PostgreSQL's " + table.getKey().tableName())
                    .containsExactlyInAnyOrderElementsOf(PostgresRows.comparable(rows, RUN_DEPENDENT));
        }
        assertThat(uninterrupted.alerts()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(uninterruptedMessageAlertIds).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void aTaskManagerKilledMidStreamRestoresFromTheLastCheckpointAndChangesNoResult() throws Exception {
        try (ClusterRun run = ClusterRun.up(work.resolve("taskmanager-killed"))) {
            run.putRulesAndCatalogue(tenant);
            run.submitAll();
            produceHalf(run, "first-half");
            run.awaitCheckpointOfEveryJob();

            run.cluster.killTaskManager();
            produceHalf(run, "second-half");
            run.cluster.startTaskManager();
            run.closeEveryDay(tenant.resolve(TenantGenerator.CALLBACKS_FILE));
            run.awaitSettled();

            assertThat(run.failures()).as("job failures after the TaskManager was killed").isPositive();
            assertSameTables(run.finalTables());
            // The alert stream is transactional: a read_committed consumer sees each alert once.
            assertThat(run.committedMessageAlertIds()).doesNotHaveDuplicates();
            assertThat(run.committedAlerts()).containsExactlyInAnyOrderElementsOf(uninterrupted.alerts());
        }
    }

    @Test
    void anUpgradeThroughASavepointResumesEveryOperatorsStateAndChangesNoResult() throws Exception {
        try (ClusterRun run = ClusterRun.up(work.resolve("savepoint-upgrade"))) {
            run.putRulesAndCatalogue(tenant);
            run.submitAll();
            produceHalf(run, "first-half");
            run.awaitCheckpointOfEveryJob();

            Map<String, String> savepoints = run.stopWithSavepoints();
            produceHalf(run, "second-half");
            // Resubmitted without --allowNonRestoredState: a savepoint operator the new graph lacks (a changed uid) fails the job.
            run.submitAll(List.of("--results-dir", run.results.toString()), savepoints);
            run.closeEveryDay(tenant.resolve(TenantGenerator.CALLBACKS_FILE));
            run.awaitSettled();

            assertThat(savepoints).containsOnlyKeys(ClusterRun.jobNames());
            assertThat(run.failures()).isZero();
            assertSameTables(run.finalTables());
            assertThat(run.committedMessageAlertIds()).doesNotHaveDuplicates();
            assertThat(run.committedAlerts()).containsExactlyInAnyOrderElementsOf(uninterrupted.alerts());
        }
    }

    @Test
    void clickHouseDownForAMinuteMidStreamLosesAndDoublesNothingAndNoJobFails() throws Exception {
        try (LocalClickHouseServer server = OldClickHouse.withResultTables();
                ClusterRun run = ClusterRun.up(work.resolve("clickhouse-down"))) {
            run.putRulesAndCatalogue(tenant);
            run.submitAll(List.of("--clickhouse-url", server.url(), "--results-dir", run.results.toString()), Map.of());
            produceHalf(run, "first-half");
            run.awaitCheckpointOfEveryJob();

            server.stopProcess();
            produceHalf(run, "second-half");
            Thread.sleep(Duration.ofSeconds(60).toMillis());
            server.startProcess();
            run.closeEveryDay(tenant.resolve(TenantGenerator.CALLBACKS_FILE));
            run.awaitSettled();

            assertThat(run.failures()).as("job failures while ClickHouse was down").isZero();
            assertThat(run.cluster.jobs()).allSatisfy(job -> assertThat(job.state()).isEqualTo("RUNNING"));
            assertSameTables(run.finalTables());
            for (Map.Entry<ResultTable, List<String>> table : uninterrupted.tables().entrySet()) {
                assertThat(server.query(OldClickHouse.countVisibleRows(table.getKey())))
                        .as("rows of %s in ClickHouse after FINAL", table.getKey().tableName())
                        .isEqualTo(Integer.toString(table.getValue().size()));
            }
            assertThat(server.query("SELECT sum(msg_total) FROM wecom.group_daily_stats FINAL"))
                    .isEqualTo(Long.toString(sum(uninterrupted.tables().get(ResultTable.GROUP_DAILY_STATS), "msg_total")));
        }
    }

    @Test
    void tenThousandMalformedRecordsAreEachDeadLetteredWithAReasonAndChangeNoResult() throws Exception {
        Path dirty = Files.createDirectories(work.resolve("dirty-tenant"));
        GarbageRecords garbage = new GarbageRecords(7);
        GarbageRecords.interleave(tenant.resolve(TenantGenerator.CALLBACKS_FILE), dirty.resolve(TenantGenerator.CALLBACKS_FILE),
                GARBAGE_PER_TOPIC, garbage::callback);
        GarbageRecords.interleave(tenant.resolve(TenantGenerator.MESSAGES_FILE), dirty.resolve(TenantGenerator.MESSAGES_FILE),
                GARBAGE_PER_TOPIC, garbage::message);
        try (ClusterRun run = ClusterRun.up(work.resolve("garbage"))) {
            run.putRulesAndCatalogue(tenant);
            run.submitAll();
            run.produce(dirty.resolve(TenantGenerator.CALLBACKS_FILE), dirty.resolve(TenantGenerator.MESSAGES_FILE));
            run.closeEveryDay(tenant.resolve(TenantGenerator.CALLBACKS_FILE));
            run.awaitSettled();

            assertThat(run.failures()).isZero();
            assertSameTables(run.finalTables());
            Map<String, JsonNode> letters = run.deadLetters();
            assertThat(letters.values()).allSatisfy(letter -> assertThat(letter.path("reason").asText()).isNotBlank());
            assertThat(positions(letters)).hasSize(positions(uninterrupted.deadLetters()).size() + 2 * GARBAGE_PER_TOPIC);
            assertThat(letters.values().stream().map(letter -> letter.path("reason").asText().replaceAll("[0-9].*", ""))
                    .collect(Collectors.toSet())).as("kinds of reasons").hasSizeGreaterThanOrEqualTo(8);
        }
    }

    /** Table by table, so that a failure names the table and shows only the rows that differ. */
    private static void assertSameTables(Map<ResultTable, List<String>> tables) {
        for (Map.Entry<ResultTable, List<String>> expected : uninterrupted.tables().entrySet()) {
            List<String> actual = tables.get(expected.getKey());
            assertThat(actual).as("%s: rows missing", expected.getKey().tableName())
                    .containsAll(expected.getValue());
            assertThat(expected.getValue()).as("%s: rows the uninterrupted run does not have", expected.getKey().tableName())
                    .containsAll(actual);
            assertThat(actual).as(expected.getKey().tableName()).hasSameSizeAs(expected.getValue());
        }
    }

    private static void produceHalf(ClusterRun run, String half) throws Exception {
        run.produce(tenant.resolve(half).resolve(TenantGenerator.CALLBACKS_FILE),
                tenant.resolve(half).resolve(TenantGenerator.MESSAGES_FILE));
    }

    /** The input records the dead letters reject, whichever jobs rejected them. */
    private static Set<String> positions(Map<String, JsonNode> letters) {
        return letters.values().stream()
                .map(letter -> letter.path("source").asText() + "-" + letter.path("partition").asText()
                        + "-" + letter.path("offset").asText())
                .collect(Collectors.toSet());
    }

    private static long sum(List<String> rows, String column) throws Exception {
        long total = 0;
        for (String row : rows) {
            total += com.wecomflow.parse.Json.MAPPER.readTree(row).path(column).asLong();
        }
        return total;
    }
}
