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
 * the login accepted, every result table there. A run that would only retry against a wrong URL
 * fails at start, in one line, instead.
 */
public final class PostgresTables {

    private PostgresTables() {}

    /** Returns when every result table exists; otherwise an {@link IllegalArgumentException} saying why not. */
    public static void requireResultTables(PostgresConnection postgres) {
        List<String> missing = new ArrayList<>();
        try (Connection connection = postgres.open();
                PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (ResultTable table : ResultTable.values()) {
                String name = ResultTable.DATABASE + "." + table.tableName();
                exists.setString(1, name);
                try (ResultSet result = exists.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        missing.add(name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("--postgres-url: cannot use PostgreSQL at " + postgres + ": "
                    + firstLine(e.getMessage()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--postgres-url: PostgreSQL at " + postgres + " has no table "
                    + String.join(", ", missing) + "; create them with ./run migrate --postgres-url URL");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
