package com.wecomflow.sinks.clickhouse;

import com.clickhouse.client.api.ServerException;
import java.util.Map;
import java.util.Set;

/**
 * What a failed request to ClickHouse means, judged by the server's exception code rather than
 * the HTTP status: ClickHouse answers many permanent errors (a read-only user, a denied grant)
 * with a plain 500, and a proxy's 429 or 503 carries no code at all.
 */
public final class ClickHouseErrors {

    /** Codes that cannot heal by sending the same request again, by name for messages. */
    private static final Map<Integer, String> PERMANENT = Map.ofEntries(
            Map.entry(6, "CANNOT_PARSE_TEXT"),
            Map.entry(16, "NO_SUCH_COLUMN_IN_TABLE"),
            Map.entry(26, "CANNOT_PARSE_QUOTED_STRING"),
            Map.entry(27, "CANNOT_PARSE_INPUT_ASSERTION_FAILED"),
            Map.entry(36, "BAD_ARGUMENTS"),
            Map.entry(38, "CANNOT_PARSE_DATE"),
            Map.entry(41, "CANNOT_PARSE_DATETIME"),
            Map.entry(47, "UNKNOWN_IDENTIFIER"),
            Map.entry(53, "TYPE_MISMATCH"),
            Map.entry(60, "UNKNOWN_TABLE"),
            Map.entry(62, "SYNTAX_ERROR"),
            Map.entry(69, "ARGUMENT_OUT_OF_BOUND"),
            Map.entry(70, "CANNOT_CONVERT_TYPE"),
            Map.entry(72, "CANNOT_PARSE_NUMBER"),
            Map.entry(81, "UNKNOWN_DATABASE"),
            Map.entry(115, "UNKNOWN_SETTING"),
            Map.entry(117, "INCORRECT_DATA"),
            Map.entry(164, "READONLY"),
            Map.entry(192, "UNKNOWN_USER"),
            Map.entry(193, "WRONG_PASSWORD"),
            Map.entry(194, "REQUIRED_PASSWORD"),
            Map.entry(291, "DATABASE_ACCESS_DENIED"),
            Map.entry(349, "CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN"),
            Map.entry(497, "ACCESS_DENIED"),
            Map.entry(516, "AUTHENTICATION_FAILED"));

    /** Codes of a login the server refused. */
    private static final Set<Integer> AUTHENTICATION = Set.of(192, 193, 194, 516);

    private ClickHouseErrors() {}

    /** The server's exception in a chain of causes, or null when the request never got an answer. */
    public static ServerException serverException(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ServerException server) {
                return server;
            }
        }
        return null;
    }

    /**
     * The server's exception code, from its {@code X-ClickHouse-Exception-Code} header; 0 when
     * there is none (a proxy's answer, or a server older than 19.x, whose text the client cannot
     * read: there only the HTTP status tells, e.g. 404 for an unknown table, 401 for a bad login).
     */
    public static int code(Throwable error) {
        ServerException server = serverException(error);
        return server == null ? 0 : Math.max(server.getCode(), 0);
    }

    /**
     * Whether retrying cannot help: a permanent exception code or, when the answer has no code
     * (a proxy, a load balancer), an HTTP client error other than a timeout or a rate limit.
     */
    public static boolean isPermanent(Throwable error) {
        ServerException server = serverException(error);
        if (server == null) {
            return false;
        }
        int code = code(error);
        if (code > 0) {
            return PERMANENT.containsKey(code);
        }
        int status = server.getTransportProtocolCode();
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** Whether the server refused the user or password (servers without codes answer 401 or 403). */
    public static boolean isAuthentication(Throwable error) {
        ServerException server = serverException(error);
        if (server == null) {
            return false;
        }
        int status = server.getTransportProtocolCode();
        return AUTHENTICATION.contains(code(error)) || status == 401 || status == 403;
    }

    /**
     * Why a server could not be used at all, in one line for the user: unreachable, the login
     * refused (never showing the password), or what the server answered.
     */
    public static String serverFailure(ClickHouseConnection connection, Throwable error) {
        String server = "ClickHouse at " + connection.endpoint();
        if (isAuthentication(error)) {
            return server + " refused the login of user '" + connection.user()
                    + "' (check the URL's user:password or CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)";
        }
        if (serverException(error) != null) {
            return server + " answered: " + describe(error);
        }
        return server + " is unreachable (" + describe(error) + ")";
    }

    /** One line for a message: the code's name where known, then the server's first line of text. */
    public static String describe(Throwable error) {
        ServerException server = serverException(error);
        Throwable shown = server != null ? server : innermost(error);
        String text = String.valueOf(shown.getMessage()).strip();
        int lineEnd = text.indexOf('\n');
        String firstLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
        String name = PERMANENT.get(code(error));
        return name == null ? firstLine : name + ": " + firstLine;
    }

    private static Throwable innermost(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
