package com.wecomflow.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./run migrate}'s bookkeeping, the same for every database: the SQL files of a directory
 * ({@code NNN_name.sql}, in name order) that the database has not had yet are applied, and each is
 * recorded in the database's {@code wecom.schema_migrations} with a checksum. Running it twice
 * applies nothing the second time; a recorded migration whose file has changed since is an error,
 * never silently re-run. Files may use {@code {{name}}} placeholders for settings.
 */
final class Migrations {

    /** One migration file, its statements with placeholders filled in, and the checksum of its text. */
    record Migration(String name, List<String> statements, String checksum) {}

    /** A database's side of the bookkeeping. */
    interface Database extends AutoCloseable {
        /** Creates the ledger if needed and returns what it records: name to checksum. */
        Map<String, String> applied() throws CommandFailure;

        /** Runs a migration's statements and records it in the ledger. */
        void apply(Migration migration) throws CommandFailure;

        @Override
        void close() throws Exception;
    }

    static final String LEDGER = "wecom.schema_migrations";

    private Migrations() {}

    /** Reads every {@code *.sql} file of a directory, in name order. */
    static List<Migration> load(Path directory, Map<String, String> settings) throws IOException {
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
     * Applies what the database has not had yet.
     *
     * @return the names of the migrations applied now
     */
    static List<String> apply(Database database, List<Migration> migrations, Progress progress) throws CommandFailure {
        Map<String, String> applied = database.applied();
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
            database.apply(migration);
            appliedNow.add(migration.name());
        }
        progress.done(appliedNow.isEmpty()
                ? "schema is up to date (" + migrations.size() + (migrations.size() == 1 ? " migration)" : " migrations)")
                : "applied " + String.join(", ", appliedNow));
        return appliedNow;
    }

    /** A statement's start, enough to find it in its file. */
    static String opening(String statement) {
        String line = statement.lines().findFirst().orElse("").strip();
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    /** Where a failed statement is: {@code FILE, statement N of M (its first line)}. */
    static String whereIn(Migration migration, int index) {
        return migration.name() + ", statement " + (index + 1) + " of " + migration.statements().size()
                + " (" + opening(migration.statements().get(index)) + ")";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
