package com.wecomflow.runner;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.ClickHouseErrors;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./run migrate --clickhouse-url}: the {@link Migrations} of {@code sql/migrations} on a
 * ClickHouse server, recorded in {@code wecom.schema_migrations}. Files may use {@code {{name}}}
 * placeholders for settings ({@code alert_retention_days}, {@code timezone}); they take effect when
 * a table is created (to change one later, alter the table, e.g. {@code ALTER TABLE
 * wecom.compliance_alerts MODIFY TTL ...}).
 */
public final class ClickHouseMigrations {

    static final String DATABASE = "wecom";

    private static final java.time.format.DateTimeFormatter APPLIED_AT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ClickHouseConnection connection;

    public ClickHouseMigrations(ClickHouseConnection connection) {
        this.connection = connection;
    }

    /**
     * Applies what the server has not had yet.
     *
     * @return the names of the migrations applied now
     */
    public List<String> apply(List<Migrations.Migration> migrations, Progress progress) throws Exception {
        try (Server server = new Server(connection)) {
            return Migrations.apply(server, migrations, progress);
        }
    }

    /** The server's side of the bookkeeping, through one client. */
    private static final class Server implements Migrations.Database {
        private final ClickHouseConnection connection;
        private final ExecutorService executor;
        private final Client client;

        Server(ClickHouseConnection connection) {
            this.connection = connection;
            this.executor = Executors.newSingleThreadExecutor();
            try {
                this.client = connection.open("default", executor);
            } catch (RuntimeException e) {
                executor.shutdownNow();
                throw e;
            }
        }

        @Override
        public Map<String, String> applied() {
            try {
                client.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE).get().close();
                client.execute("CREATE TABLE IF NOT EXISTS " + Migrations.LEDGER
                        + " (name String, checksum String, applied_at DateTime('UTC')) ENGINE = MergeTree() ORDER BY name")
                        .get().close();
                return readLedger();
            } catch (Exception e) {
                throw new CommandFailure(ClickHouseErrors.serverFailure(connection, e), e);
            }
        }

        @Override
        public void apply(Migrations.Migration migration) {
            List<String> statements = migration.statements();
            for (int i = 0; i < statements.size(); i++) {
                try {
                    client.execute(statements.get(i)).get().close();
                } catch (Exception e) {
                    // Old servers' error text is unreadable to the client: the statement's place says which failed.
                    throw new CommandFailure(Migrations.whereIn(migration, i) + ": " + ClickHouseErrors.describe(e), e);
                }
            }
            try {
                record(migration);
            } catch (Exception e) {
                throw new CommandFailure(ClickHouseErrors.serverFailure(connection, e), e);
            }
        }

        private Map<String, String> readLedger() throws Exception {
            Map<String, String> applied = new LinkedHashMap<>();
            QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.TabSeparated);
            try (QueryResponse response = client.query("SELECT name, checksum FROM " + Migrations.LEDGER, settings).get()) {
                String text = new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    String[] fields = line.split("\t");
                    if (fields.length == 2) {
                        applied.put(fields[0], fields[1]);
                    }
                }
            }
            return applied;
        }

        private void record(Migrations.Migration migration) throws Exception {
            String appliedAt = dateTimeText(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
            String row = "{\"name\":\"" + migration.name() + "\",\"checksum\":\"" + migration.checksum()
                    + "\",\"applied_at\":\"" + appliedAt + "\"}\n";
            client.insert(Migrations.LEDGER, new ByteArrayInputStream(row.getBytes(StandardCharsets.UTF_8)),
                    ClickHouseFormat.JSONEachRow, new InsertSettings()).get().close();
        }

        @Override
        public void close() throws Exception {
            try {
                client.close();
            } finally {
                executor.shutdownNow();
            }
        }
    }

    /** As a DateTime column reads it; LocalDateTime.toString() drops ":00" seconds, which it cannot parse. */
    static String dateTimeText(java.time.LocalDateTime time) {
        return APPLIED_AT.format(time);
    }
}
