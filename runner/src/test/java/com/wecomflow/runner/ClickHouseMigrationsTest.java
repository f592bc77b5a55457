package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.LocalClickHouseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run migrate} against a real ClickHouse server, with migrations in that server's syntax. */
class ClickHouseMigrationsTest {

    @TempDir
    Path dir;

    @Test
    void appliesWhatIsMissingRecordsItAndIsSafeToRunAgain() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        for (String name : List.of("001_database.sql", "002_probe.sql")) {
            Files.copy(Path.of("src/test/resources/old-server-migrations", name), migrations.resolve(name));
        }
        try (LocalClickHouseServer server = LocalClickHouseServer.start()) {
            ClickHouseMigrations migrate = new ClickHouseMigrations(ClickHouseConnection.parse(server.url()));
            Map<String, String> settings = Map.of("alert_retention_days", "30");

            assertThat(migrate.apply(Migrations.load(migrations, settings), Progress.silent()))
                    .containsExactly("001_database.sql", "002_probe.sql");
            assertThat(migrate.apply(Migrations.load(migrations, settings), Progress.silent())).isEmpty();
            assertThat(server.query("SELECT name FROM wecom.schema_migrations ORDER BY name"))
                    .isEqualTo("001_database.sql\n002_probe.sql");
            assertThat(server.query("SELECT default_expression FROM system.columns "
                    + "WHERE database = 'wecom' AND table = 'migration_probe_ttl' AND name = 'days'")).contains("30");

            Files.writeString(migrations.resolve("003_more.sql"), "CREATE TABLE IF NOT EXISTS wecom.more (k String) ENGINE = MergeTree() ORDER BY k;\n");
            assertThat(migrate.apply(Migrations.load(migrations, settings), Progress.silent()))
                    .containsExactly("003_more.sql");

            Files.writeString(migrations.resolve("002_probe.sql"), "-- edited after the fact\n", java.nio.file.StandardOpenOption.APPEND);
            assertThatThrownBy(() -> migrate.apply(Migrations.load(migrations, settings), Progress.silent()))
                    .hasMessageContaining("002_probe.sql has changed since it was applied");
        }
    }

    @Test
    void splitsFilesIntoStatementsAndFillsPlaceholders() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("split"));
        Files.writeString(migrations.resolve("001_a.sql"), "-- a comment; with a semicolon\nCREATE DATABASE x;\n\nCREATE TABLE x.t\n(a UInt8) ENGINE = Log;\n");
        Files.writeString(migrations.resolve("002_b.sql"), "SELECT {{n}};\n");

        List<Migrations.Migration> loaded = Migrations.load(migrations, Map.of("n", "7"));

        assertThat(loaded.get(0).statements()).containsExactly("CREATE DATABASE x", "CREATE TABLE x.t\n(a UInt8) ENGINE = Log");
        assertThat(loaded.get(1).statements()).containsExactly("SELECT 7");
        assertThatThrownBy(() -> Migrations.load(migrations, Map.of()))
                .hasMessageContaining("{{n}}");
    }

    @Test
    void theProjectsMigrationsAllHaveTheirPlaceholdersFilled() throws Exception {
        List<Migrations.Migration> loaded = Migrations.load(
                Path.of("../sql/migrations"), Map.of("alert_retention_days", "400", "timezone", "Asia/Shanghai"));

        assertThat(loaded).extracting(Migrations.Migration::name)
                .startsWith("001_database.sql", "002_result_tables.sql");
        assertThat(loaded.get(1).statements()).hasSize(7)
                .anySatisfy(statement -> assertThat(statement).contains("INTERVAL 400 DAY"))
                .anySatisfy(statement -> assertThat(statement).contains("DateTime64(3, 'Asia/Shanghai')"));
    }

    @Test
    void migrateAgainstAClosedPortIsOneLineSayingUnreachable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        StandardError err = StandardError.capture();
        int status;
        try {
            status = WeComFlowCli.execute("migrate", "--clickhouse-url", "http://127.0.0.1:" + closedPort,
                    "--migrations", "../sql/migrations");
        } finally {
            err.restore();
        }

        assertThat(status).isEqualTo(WeComFlowCli.FAILURE);
        assertThat(err.lines()).singleElement().asString()
                .startsWith("error: ClickHouse at http://127.0.0.1:" + closedPort + " is unreachable");
    }

    @Test
    void theLedgerTimeKeepsZeroSecondsSoTheServerCanParseIt() {
        assertThat(ClickHouseMigrations.dateTimeText(java.time.LocalDateTime.of(2026, 12, 1, 1, 48, 0)))
                .isEqualTo("2026-12-01 01:48:00");
    }

    @Test
    void migrateFailuresAgainstARealServerAreOneLineEach() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("failing"));
        Files.copy(Path.of("src/test/resources/old-server-migrations/001_database.sql"), migrations.resolve("001_database.sql"));
        Files.writeString(migrations.resolve("002_typo.sql"),
                "CREATE TABLE IF NOT EXISTS wecom.ok (k String) ENGINE = Log;\n"
                + "CREATE TABLE IF NOT EXISTS wecom.typo (k Strnig) ENGINE = Log;\n");
        try (LocalClickHouseServer server = LocalClickHouseServer.start()) {
            String withWrongPassword = server.url().replace("http://", "http://default:n0t-the-password@");
            StandardError err = StandardError.capture();
            int refused;
            int failed;
            java.util.List<String> refusedLines;
            try {
                refused = WeComFlowCli.execute("migrate", "--clickhouse-url", withWrongPassword,
                        "--migrations", migrations.toString());
                refusedLines = err.lines();
                err.clear();
                failed = WeComFlowCli.execute("migrate", "--clickhouse-url", server.url(),
                        "--migrations", migrations.toString());
            } finally {
                err.restore();
            }

            assertThat(refused).isEqualTo(WeComFlowCli.FAILURE);
            assertThat(refusedLines).singleElement().asString()
                    .startsWith("error: ClickHouse at " + server.url() + " refused the login of user 'default'")
                    .contains("password")
                    .doesNotContain("n0t-the-password");
            assertThat(failed).isEqualTo(WeComFlowCli.FAILURE);
            assertThat(err.lines()).singleElement().asString()
                    .startsWith("error: 002_typo.sql, statement 2 of 2 (CREATE TABLE IF NOT EXISTS wecom.typo (k Strnig) ENGINE = Log): ");
            assertThat(server.query("SELECT name FROM wecom.schema_migrations ORDER BY name")).isEqualTo("001_database.sql");
        }
    }
}
