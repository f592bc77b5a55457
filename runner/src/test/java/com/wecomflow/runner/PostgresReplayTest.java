package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.postgres.LocalPostgres;
import com.wecomflow.sinks.postgres.PostgresConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run migrate --postgres-url} and {@code ./run replay --postgres-url} against a real
 * PostgreSQL server: the schema of {@code sql/postgres}, then every job writing every table.
 */
class PostgresReplayTest {

    private static final Path MIGRATIONS = Path.of("../sql/postgres");
    /** How PostgreSQL's JSON writes a timestamptz. */
    private static final Pattern TIMESTAMPTZ = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?[+-]\\d{2}:\\d{2}");
    /** How the result rows write a time: wall clock in the business time zone, milliseconds. */
    private static final DateTimeFormatter ROW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static LocalPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = LocalPostgres.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aReplayLeavesInPostgresExactlyTheRowsOfItsJsonOutput() throws Exception {
        PostgresConnection postgres = PostgresConnection.parse(server.createDatabase("replay"));
        new PostgresMigrations(postgres).apply(Migrations.load(MIGRATIONS, Map.of()), Progress.silent());
        Path tenant = dir.resolve("tenant");
        // Two weeks, so that some check-in streaks reach the first milestone (7 days).
        new TenantGenerator(14, 150, 5).writeTo(tenant);
        Path out = dir.resolve("out");

        new ReplayRunner().run(options(tenant, out).withPostgres(postgres), Progress.silent());

        PipelineConfig config = PipelineConfig.defaults();
        for (ResultTable table : ResultTable.values()) {
            List<Map<String, String>> files = new ArrayList<>();
            for (JsonNode row : Replays.readLines(out.resolve(table.tableName() + ".jsonl"))) {
                files.add(comparable(row, null));
            }
            List<Map<String, String>> database = new ArrayList<>();
            for (JsonNode row : rowsOf(postgres, table)) {
                database.add(comparable(row, ZoneId.of(config.timezone())));
            }
            assertThat(database).as(table.tableName()).containsExactlyInAnyOrderElementsOf(files);
            if (table != ResultTable.CHANNELS) {
                assertThat(files).as(table.tableName()).isNotEmpty();
            }
        }
    }

    @Test
    void migrateAppliesEachFileOnceInATransactionAndRefusesAnEditedOne() throws Exception {
        PostgresConnection postgres = PostgresConnection.parse(server.createDatabase("migrations"));
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
        PostgresConnection postgres = PostgresConnection.parse(server.createDatabase("bare"));
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

    private static ReplayRunner.Options options(Path tenant, Path out) {
        return Replays.ofGeneratedTenant(tenant, out, null, tenant.resolve(TenantGenerator.CHANNELS_FILE));
    }

    private static List<JsonNode> rowsOf(PostgresConnection postgres, ResultTable table) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        try (Connection connection = postgres.open();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT row_to_json(t)::text FROM wecom." + table.tableName() + " t")) {
            while (result.next()) {
                rows.add(Json.MAPPER.readTree(result.getString(1)));
            }
        }
        return rows;
    }

    /**
     * A row as column to text, so that both sides compare by value: numbers without their JSON
     * spelling ({@code 100.0} and {@code 100}), PostgreSQL's times back in the rows' wall-clock
     * form, and without {@code is_deleted} (only live rows are in either).
     */
    private static Map<String, String> comparable(JsonNode row, ZoneId databaseTimes) {
        Map<String, String> columns = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(ResultTable.IS_DELETED_COLUMN)) {
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
