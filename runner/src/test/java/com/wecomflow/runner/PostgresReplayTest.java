package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.postgres.LocalPostgres;
import com.wecomflow.sinks.postgres.LocalPostgresPerClass;
import com.wecomflow.sinks.postgres.PostgresConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run migrate --postgres-url} and {@code ./run replay --postgres-url} against a real
 * PostgreSQL server: the schema of {@code sql/postgres}, then every job writing every table.
 */
class PostgresReplayTest {

    private static final Path MIGRATIONS = Path.of("../sql/postgres");

    @RegisterExtension
    static final LocalPostgresPerClass postgresServer = new LocalPostgresPerClass();

    @TempDir
    Path dir;

    @Test
    void aReplayLeavesInPostgresExactlyTheRowsOfItsJsonOutput() throws Exception {
        PostgresConnection postgres = PostgresConnection.parse(postgresServer.server().createDatabase("replay"));
        new PostgresMigrations(postgres).apply(Migrations.load(MIGRATIONS, Map.of()), Progress.silent());
        Path tenant = dir.resolve("tenant");
        // Two weeks, so that some check-in streaks reach the first milestone (7 days).
        new TenantGenerator(14, 150, 5).writeTo(tenant);
        Path out = dir.resolve("out");

        new ReplayRunner().run(options(tenant, out).withPostgres(postgres), Progress.silent());

        PipelineConfig config = PipelineConfig.defaults();
        for (ResultTable table : ResultTable.values()) {
            List<Map<String, String>> files = PostgresRows.comparable(
                    Replays.readLines(out.resolve(table.tableName() + ".jsonl")), Set.of());
            List<Map<String, String>> database = PostgresRows.of(postgres, table, ZoneId.of(config.timezone()), Set.of());
            assertThat(database).as(table.tableName()).containsExactlyInAnyOrderElementsOf(files);
            if (table != ResultTable.CHANNELS) {
                assertThat(files).as(table.tableName()).isNotEmpty();
            }
        }
    }

    @Test
    void migrateAppliesEachFileOnceInATransactionAndRefusesAnEditedOne() throws Exception {
        PostgresConnection postgres = PostgresConnection.parse(postgresServer.server().createDatabase("migrations"));
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.copy(MIGRATIONS.resolve("001_result_tables.sql"), migrations.resolve("001_result_tables.sql"));
        PostgresMigrations migrate = new PostgresMigrations(postgres);

        assertThat(migrate.apply(Migrations.load(migrations, Map.of()), Progress.silent()))
                .containsExactly("001_result_tables.sql");
        assertThat(migrate.apply(Migrations.load(migrations, Map.of()), Progress.silent())).isEmpty();

        // The second statement fails: the first (a table) must not stay behind, nor the file count as applied.
        Files.writeString(migrations.resolve("002_broken.sql"),
                "CREATE TABLE wecom.half_done (k text);\nALTER TABLE wecom.no_such_table ADD COLUMN x int;\n");
        assertThatThrownBy(() -> migrate.apply(Migrations.load(migrations, Map.of()), Progress.silent()))
                .hasMessageContaining("002_broken.sql, statement 2 of 2 (ALTER TABLE wecom.no_such_table")
                .hasMessageContaining("relation \"wecom.no_such_table\" does not exist");
        assertThat(LocalPostgres.firstRow(postgres, "SELECT to_regclass('wecom.half_done') IS NULL")).isEqualTo("t");
        assertThat(LocalPostgres.firstRow(postgres, "SELECT string_agg(name, ',' ORDER BY name) FROM wecom.schema_migrations"))
                .isEqualTo("001_result_tables.sql");

        Files.delete(migrations.resolve("002_broken.sql"));
        Files.writeString(migrations.resolve("001_result_tables.sql"), "-- edited after the fact\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> migrate.apply(Migrations.load(migrations, Map.of()), Progress.silent()))
                .hasMessageContaining("001_result_tables.sql has changed since it was applied");
    }

    @Test
    void aDatabaseWithoutTheTablesFailsTheReplayAtStartNamingThemAndTheMigrateCommand() throws Exception {
        PostgresConnection postgres = PostgresConnection.parse(postgresServer.server().createDatabase("bare"));
        Path tenant = dir.resolve("tenant");
        new TenantGenerator(1, 10, 5).writeTo(tenant);
        Path out = dir.resolve("out");

        assertThatThrownBy(() -> new ReplayRunner().run(options(tenant, out).withPostgres(postgres), Progress.silent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--postgres-url: PostgreSQL at " + postgres + " has no table wecom.group_daily_stats, ")
                .hasMessageEndingWith("; create them with ./run migrate --postgres-url URL");
        assertThat(out).doesNotExist();
    }

    @Test
    void aUrlThatIsNotPostgresIsOneErrorLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = WeComFlowCli.execute("migrate", "--postgres-url", "postgres://127.0.0.1/x?password=secret");
        } finally {
            System.setErr(originalErr);
        }

        assertThat(status).isEqualTo(WeComFlowCli.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "error: --postgres-url must look like jdbc:postgresql://host:5432/database, got postgres://127.0.0.1/x?password=***");
    }

    @Test
    void migrateTakesOneDatabasePerRun() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int both;
        int neither;
        try {
            both = WeComFlowCli.execute("migrate", "--clickhouse-url", "http://127.0.0.1:8123",
                    "--postgres-url", "jdbc:postgresql://127.0.0.1/x");
            neither = WeComFlowCli.execute("migrate");
        } finally {
            System.setErr(originalErr);
        }

        assertThat(both).isEqualTo(WeComFlowCli.USAGE_ERROR);
        assertThat(neither).isEqualTo(WeComFlowCli.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "error: --clickhouse-url=URL, --postgres-url=JDBC-URL are mutually exclusive (specify only one) "
                        + "(see ./run migrate --help)",
                "error: Missing required argument (specify one of these): (--clickhouse-url=URL | --postgres-url=JDBC-URL) "
                        + "(see ./run migrate --help)");
    }

    private static ReplayRunner.Options options(Path tenant, Path out) {
        return Replays.ofGeneratedTenant(tenant, out, null, tenant.resolve(TenantGenerator.CHANNELS_FILE));
    }
}
