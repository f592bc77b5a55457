package com.wecomflow.runner;

import com.wecomflow.sinks.postgres.PostgresConnection;
import com.wecomflow.sinks.postgres.PostgresErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./run migrate --postgres-url}: the {@link Migrations} of {@code sql/postgres} on a
 * PostgreSQL database, recorded in its {@code wecom.schema_migrations}. PostgreSQL's DDL is
 * transactional, so each migration and its ledger row commit together: a migration that fails
 * half-way leaves nothing behind and runs whole the next time.
 */
public final class PostgresMigrations {

    private final PostgresConnection postgres;

    public PostgresMigrations(PostgresConnection postgres) {
        this.postgres = postgres;
    }

    /**
     * Applies what the database has not had yet.
     *
     * @return the names of the migrations applied now
     */
    public List<String> apply(List<Migrations.Migration> migrations, Progress progress) throws Exception {
        try (Database database = new Database(postgres, open(postgres))) {
            return Migrations.apply(database, migrations, progress);
        }
    }

    private static Connection open(PostgresConnection postgres) {
        try {
            return postgres.open();
        } catch (SQLException e) {
            throw new CommandFailure("cannot use PostgreSQL at " + postgres + ": " + PostgresErrors.firstLine(e), e);
        }
    }

    /** The database's side of the bookkeeping, through one session. */
    private record Database(PostgresConnection postgres, Connection connection) implements Migrations.Database {

        @Override
        public Map<String, String> applied() {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS wecom");
                statement.execute("CREATE TABLE IF NOT EXISTS " + Migrations.LEDGER
                        + " (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                Map<String, String> applied = new LinkedHashMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT name, checksum FROM " + Migrations.LEDGER)) {
                    while (rows.next()) {
                        applied.put(rows.getString(1), rows.getString(2));
                    }
                }
                return applied;
            } catch (SQLException e) {
                throw new CommandFailure("PostgreSQL at " + postgres + ": " + PostgresErrors.firstLine(e), e);
            }
        }

        @Override
        public void apply(Migrations.Migration migration) {
            List<String> statements = migration.statements();
            try {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    for (int i = 0; i < statements.size(); i++) {
                        try {
                            statement.execute(statements.get(i));
                        } catch (SQLException e) {
                            throw new CommandFailure(Migrations.whereIn(migration, i) + ": " + PostgresErrors.firstLine(e), e);
                        }
                    }
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO " + Migrations.LEDGER + " (name, checksum) VALUES (?, ?)")) {
                    record.setString(1, migration.name());
                    record.setString(2, migration.checksum());
                    record.executeUpdate();
                }
                connection.commit();
            } catch (CommandFailure e) {
                rollBack();
                throw e;
            } catch (SQLException e) {
                rollBack();
                throw new CommandFailure("PostgreSQL at " + postgres + ": " + PostgresErrors.firstLine(e), e);
            } finally {
                autoCommitAgain();
            }
        }

        private void rollBack() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // The session is gone, and its transaction with it.
            }
        }

        private void autoCommitAgain() {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // The session is gone; nothing else runs on it.
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
