package com.wecomflow.sinks.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL database is and how to log in, from one JDBC URL:
 * {@code jdbc:postgresql://host:port/database[?user=...&password=...]}. Without a user or password
 * in the URL, {@code PGUSER} and {@code PGPASSWORD} from the environment apply, as for psql.
 *
 * @param address {@code host:port}
 * @param timeZone the session's time zone: result rows carry their times as wall-clock text in the
 *     business time zone, which PostgreSQL reads into {@code timestamptz} in the session's zone
 */
public record PostgresConnection(String url, String address, String database, String user, String password,
        String timeZone) implements Serializable {

    /**
     * The driver, used directly rather than through {@code DriverManager}, which only sees drivers of
     * the system class loader, not those of a Flink job's user-code class loader. Loading it
     * registers it with {@code DriverManager}; that registration is undone, or it would keep every
     * restarted job's class loader alive on a long-running TaskManager.
     */
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    /** {@code jdbc:postgresql://HOST[:PORT]/DATABASE[?...]}, the database named. */
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://[^/?#]+/[^/?#]+(\\?.*)?");

    static {
        try {
            if (org.postgresql.Driver.isRegistered()) {
                org.postgresql.Driver.deregister();
            }
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static PostgresConnection parse(String url) {
        // Checked before the driver parses it: the driver logs its own complaint to standard error,
        // and reads a URL without a database as the user's name for one.
        Properties parts = url == null || !JDBC_URL.matcher(url).matches()
                ? null : org.postgresql.Driver.parseURL(url, new Properties());
        if (parts == null || parts.getProperty("PGDBNAME", "").isEmpty()) {
            throw new IllegalArgumentException(
                    "--postgres-url must look like jdbc:postgresql://host:5432/database, got " + withoutPassword(url));
        }
        String user = parts.getProperty("user", System.getenv().getOrDefault("PGUSER", ""));
        String password = parts.getProperty("password", System.getenv().getOrDefault("PGPASSWORD", ""));
        String address = parts.getProperty("PGHOST") + ":" + parts.getProperty("PGPORT");
        return new PostgresConnection(url, address, parts.getProperty("PGDBNAME"), user, password, null);
    }

    /** The same database, with sessions in this time zone (the pipeline's business time zone). */
    public PostgresConnection inTimeZone(String zone) {
        return new PostgresConnection(url, address, database, user, password, zone);
    }

    /**
     * Opens a session: autocommit, the business time zone, and bounded waits, so that a server
     * that went away fails a statement (which the sink then retries) instead of hanging it.
     */
    public Connection open() throws SQLException {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "wecom-flow");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "120");
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = DRIVER.connect(url, properties);
        try {
            connection.setAutoCommit(true);
            if (timeZone != null) {
                try (var statement = connection.prepareStatement("SELECT set_config('TimeZone', ?, false)")) {
                    statement.setString(1, timeZone);
                    statement.execute();
                }
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** A URL as it may be shown in a message or a log: a password parameter replaced by {@code ***}. */
    public static String withoutPassword(String url) {
        return url == null ? null : url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return address + "/" + database + (user.isEmpty() ? "" : " as " + user);
    }
}
