package com.wecomflow.runner;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.ClickHouseErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * {@code ./run migrate}: applies the SQL files of {@code sql/migrations} ({@code NNN_name.sql}, in
 * name order) that the server has not had yet, and records each in
 * {@code wecom.schema_migrations} with a checksum. Running it twice applies nothing the second
 * time; a recorded migration whose file has changed since is an error, never silently re-run.
 * Files may use {@code {{name}}} placeholders for settings ({@code alert_retention_days},
 * {@code timezone}); they take effect when a table is created (to change one later, alter the
 * table, e.g. {@code ALTER TABLE wecom.compliance_alerts MODIFY TTL ...}).
 */
public final class ClickHouseMigrations {

    /** One migration file, its statements with placeholders filled in, and the checksum of its text. */
    public record Migration(String name, List<String> statements, String checksum) {}

    static final String DATABASE = "wecom";
    static final String LEDGER = DATABASE + ".schema_migrations";

    private static final java.time.format.DateTimeFormatter APPLIED_AT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ClickHouseConnection connection;

    public ClickHouseMigrations(ClickHouseConnection connection) {
        this.connection = connection;
    }

    /** Reads every {@code *.sql} file of a directory, in name order. */
    public static List<Migration> load(Path directory, Map<String, String> settings) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--migrations: not a directory: " + directory);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        List<Migration> migrations = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String filled = text;
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                filled = filled.replace("{{" + setting.getKey() + "}}", setting.getValue());
            }
            if (filled.contains("{{")) {
                throw new IllegalArgumentException(file + ": a placeholder has no value: "
                        + filled.substring(filled.indexOf("{{"), filled.indexOf("}}", filled.indexOf("{{")) + 2));
            }
            // The checksum is of the file as written: the settings filled in apply when a table is created.
            migrations.add(new Migration(file.getFileName().toString(), statements(filled), sha256(text)));
        }
        return migrations;
    }

    /** The statements of a file: comment lines dropped, split at semicolons that end a line. */
    static List<String> statements(String sql) {
        StringBuilder body = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            if (!line.strip().startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : body.toString().split(";\\s*\n")) {
            String trimmed = statement.strip();
            if (trimmed.endsWith(";")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
            }
            if (!trimmed.isEmpty()) {
                statements.add(trimmed);
            }
        }
        return statements;
    }

    /**
     * Applies what the server has not had yet.
     *
     * @return the names of the migrations applied now
     */
    public List<String> apply(List<Migration> migrations, Progress progress) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Client client = connection.open("default", executor)) {
            Map<String, String> applied;
            try {
                client.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE).get().close();
                client.execute("CREATE TABLE IF NOT EXISTS " + LEDGER
                        + " (name String, checksum String, applied_at DateTime('UTC')) ENGINE = MergeTree() ORDER BY name")
                        .get().close();
                applied = applied(client);
            } catch (Exception e) {
                throw new CommandFailure(ClickHouseErrors.serverFailure(connection, e), e);
            }
            List<String> appliedNow = new ArrayList<>();
            for (Migration migration : migrations) {
                String checksum = applied.get(migration.name());
                if (checksum != null) {
                    if (!checksum.equals(migration.checksum())) {
                        throw new CommandFailure("migration " + migration.name()
                                + " has changed since it was applied; add a new migration instead of editing it", null);
                    }
                    continue;
                }
                progress.update("applying " + migration.name());
                List<String> statements = migration.statements();
                for (int i = 0; i < statements.size(); i++) {
                    try {
                        client.execute(statements.get(i)).get().close();
                    } catch (Exception e) {
                        throw new CommandFailure(migration.name() + ", statement " + (i + 1) + " of " + statements.size()
                                + " (" + opening(statements.get(i)) + "): " + ClickHouseErrors.describe(e), e);
                    }
                }
                try {
                    record(client, migration);
                } catch (Exception e) {
                    throw new CommandFailure(ClickHouseErrors.serverFailure(connection, e), e);
                }
                appliedNow.add(migration.name());
            }
            progress.done(appliedNow.isEmpty()
                    ? "schema is up to date (" + migrations.size() + " migrations)"
                    : "applied " + String.join(", ", appliedNow));
            return appliedNow;
        } finally {
            executor.shutdownNow();
        }
    }

    /** A statement's start, enough to find it in its file (old servers' error text is unreadable to the client). */
    private static String opening(String statement) {
        String line = statement.lines().findFirst().orElse("").strip();
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    private static Map<String, String> applied(Client client) throws Exception {
        Map<String, String> applied = new LinkedHashMap<>();
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.TabSeparated);
        try (QueryResponse response = client.query("SELECT name, checksum FROM " + LEDGER, settings).get()) {
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

    private static void record(Client client, Migration migration) throws Exception {
        String appliedAt = dateTimeText(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
        String row = "{\"name\":\"" + migration.name() + "\",\"checksum\":\"" + migration.checksum()
                + "\",\"applied_at\":\"" + appliedAt + "\"}\n";
        client.insert(LEDGER, new ByteArrayInputStream(row.getBytes(StandardCharsets.UTF_8)),
                ClickHouseFormat.JSONEachRow, new InsertSettings()).get().close();
    }

    /** As a DateTime column reads it; LocalDateTime.toString() drops ":00" seconds, which it cannot parse. */
    static String dateTimeText(java.time.LocalDateTime time) {
        return APPLIED_AT.format(time);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
