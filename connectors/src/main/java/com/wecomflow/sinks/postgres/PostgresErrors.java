package com.wecomflow.sinks.postgres;

import java.sql.SQLException;

/** Which PostgreSQL errors are worth waiting out, and how to say one in a line. */
public final class PostgresErrors {

    private PostgresErrors() {}

    /**
     * A connection error (SQLSTATE class 08), a server shutting down or starting up (57P01-57P03),
     * or one out of connections or memory (class 53): the same request can succeed later.
     */
    static boolean isTransient(SQLException error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The error's first line: the server's message without the driver's detail and position lines. */
    public static String firstLine(SQLException error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
