package com.wecomflow.sinks.postgres;

import com.wecomflow.records.ResultTable;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/**
 * The PostgreSQL sink's session for one table. Flink's JDBC writer reconnects through this when a
 * batch fails on a dead connection; here a server that is down or restarting is waited for, up to
 * {@code maxOutage}, so a short outage delays the rows instead of failing the job. A session only
 * counts as open once the table is known to exist: a database without it is a permanent error,
 * reported with the table's name and the command that creates it.
 */
final class TableSessions implements JdbcConnectionProvider, Serializable {

    private static final long serialVersionUID = 1L;

    private final PostgresConnection postgres;
    private final ResultTable table;
    private final Duration maxOutage;
    private transient Connection connection;

    TableSessions(PostgresConnection postgres, ResultTable table, Duration maxOutage) {
        this.postgres = postgres;
        this.table = table;
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
                requireTable(opened);
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

    private void requireTable(Connection opened) throws SQLException {
        String name = ResultTable.DATABASE + "." + table.tableName();
        try (PreparedStatement statement = opened.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    opened.close();
                    throw new SQLException("PostgreSQL at " + postgres + " has no table " + name
                            + "; create the tables with ./run migrate --postgres-url", "42P01");
                }
            }
        }
    }
}
