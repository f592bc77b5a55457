package com.wecomflow.sinks.postgres;

import com.wecomflow.records.ResultTable;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/**
 * The PostgreSQL sink's session for one table. Flink's JDBC writer reconnects through this when a
 * batch fails on a dead connection; here a server that is down or restarting is waited for, up to
 * {@code maxOutage}, so a short outage delays the rows instead of failing the job. A session only
 * counts as open once the table and every column the sink writes are known to exist: a database
 * without them is a permanent error, reported with the table's or column's name and the command
 * that creates it.
 */
final class TableSession implements JdbcConnectionProvider, Serializable {

    private static final long serialVersionUID = 1L;

    private final PostgresConnection postgres;
    private final ResultTable table;
    private final List<String> columns;
    private final Duration maxOutage;
    private transient Connection connection;

    /** @param columns the columns the sink's statement writes, all of which the table must have */
    TableSession(PostgresConnection postgres, ResultTable table, List<String> columns, Duration maxOutage) {
        this.postgres = postgres;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.maxOutage = maxOutage;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return connection != null && !connection.isClosed() && connection.isValid(5);
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException {
        if (!isConnectionValid()) {
            closeConnection();
            connection = openWaitingOutOutages();
        }
        return connection;
    }

    @Override
    public void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // The session is being replaced or the writer is closing: nothing left to save.
            } finally {
                connection = null;
            }
        }
    }

    @Override
    public Connection reestablishConnection() throws SQLException {
        closeConnection();
        return getOrEstablishConnection();
    }

    private Connection openWaitingOutOutages() throws SQLException {
        long deadline = System.nanoTime() + maxOutage.toNanos();
        long backoffMillis = 200;
        while (true) {
            try {
                Connection opened = postgres.open();
                try {
                    requireTable(opened);
                } catch (SQLException e) {
                    opened.close();
                    throw e;
                }
                return opened;
            } catch (SQLException e) {
                if (!PostgresErrors.isTransient(e) || System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for PostgreSQL at " + postgres, "08001", e);
            }
            backoffMillis = Math.min(backoffMillis * 2, 5_000);
        }
    }

    /** The table and every column the statement writes, or a permanent error saying which is missing and how to add it. */
    private void requireTable(Connection opened) throws SQLException {
        for (String name : PostgresTables.written(table)) {
            if (!PostgresTables.exists(opened, name)) {
                throw new SQLException("PostgreSQL at " + postgres + " has no table " + name
                        + "; create the tables with ./run migrate --postgres-url", "42P01");
            }
        }
        Set<String> present = new HashSet<>();
        try (PreparedStatement statement = opened.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, ResultTable.DATABASE);
            statement.setString(2, table.tableName());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    present.add(result.getString(1));
                }
            }
        }
        List<String> missing = columns.stream()
                .filter(column -> !column.equals(ResultTable.IS_DELETED_COLUMN) && !present.contains(column))
                .toList();
        if (!missing.isEmpty()) {
            throw new SQLException("PostgreSQL table " + PostgresUpsert.qualifiedName(table.tableName()) + " at " + postgres
                    + " has no column " + String.join(", ", missing)
                    + "; apply the newest migrations with ./run migrate --postgres-url", "42703");
        }
    }
}
