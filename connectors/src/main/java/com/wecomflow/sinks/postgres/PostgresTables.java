package com.wecomflow.sinks.postgres;

import com.wecomflow.records.ResultTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a PostgreSQL database, before a run writes to it, whether it can take the rows: reachable,
 * the login accepted, every result table (and tombstone table) there. A run that would only retry against a wrong URL
 * fails at start, in one line, instead.
 */
public final class PostgresTables {

    private PostgresTables() {}

    /** Every table the sink writes: the result tables, and the tombstones of those whose rows can be deleted. */
    static List<String> written(ResultTable table) {
        List<String> names = new ArrayList<>(List.of(PostgresUpsert.qualifiedName(table.tableName())));
        if (table.rowsCanBeDeleted()) {
            names.add(PostgresUpsert.qualifiedName(PostgresUpsert.tombstoneTable(table)));
        }
        return names;
    }

    /** Whether the session's database has the table ({@code schema.table}). */
    static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** Returns when every result table exists; otherwise an {@link IllegalArgumentException} saying why not. */
    public static void requireResultTables(PostgresConnection postgres) {
        List<String> missing = new ArrayList<>();
        try (Connection connection = postgres.open()) {
            for (ResultTable table : ResultTable.values()) {
                for (String name : written(table)) {
                    if (!exists(connection, name)) {
                        missing.add(name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("--postgres-url: cannot use PostgreSQL at " + postgres + ": "
                    + PostgresErrors.firstLine(e));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--postgres-url: PostgreSQL at " + postgres + " has no table "
                    + String.join(", ", missing) + "; create them with ./run migrate --postgres-url URL");
        }
    }
}
