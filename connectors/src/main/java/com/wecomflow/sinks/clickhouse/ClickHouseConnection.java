package com.wecomflow.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import java.io.Serializable;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Where a ClickHouse server is and how to log in, from one URL:
 * {@code http://[user[:password]@]host:port}. Without user info, {@code CLICKHOUSE_USER} and
 * {@code CLICKHOUSE_PASSWORD} from the environment apply, else {@code default} with no password.
 */
public record ClickHouseConnection(String endpoint, String user, String password) implements Serializable {

    /** The password part of a URL's user info: from after {@code user:} up to the last {@code @} before the path. */
    private static final Pattern URL_PASSWORD = Pattern.compile("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/@:]*:)[^/]*@");

    public static ClickHouseConnection parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--clickhouse-url: not a URL: " + withoutPassword(url));
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "--clickhouse-url must look like http://host:8123, got " + withoutPassword(url));
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (uri.getScheme().equals("https") ? 8443 : 8123);
        String endpoint = uri.getScheme() + "://" + uri.getHost() + ":" + port;
        String user = System.getenv().getOrDefault("CLICKHOUSE_USER", "default");
        String password = System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", "");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = percentDecoded(parts[0]);
            password = parts.length > 1 ? percentDecoded(parts[1]) : "";
        }
        return new ClickHouseConnection(endpoint, user, password);
    }

    /** A URL as it may be shown in a message or a log: any password replaced by {@code ***}. */
    public static String withoutPassword(String url) {
        return URL_PASSWORD.matcher(url).replaceFirst("$1***@");
    }

    /**
     * URL user info decoded: {@code %XX} escapes only. {@link URLDecoder} alone is form decoding,
     * which would turn a {@code +} in a password into a space.
     */
    private static String percentDecoded(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * A client for this server. Responses are asked for uncompressed: the client's LZ4 response
     * framing is not understood by older servers, and our responses are small (inserts, DDL).
     * Every wait is bounded, so a request to a server that went away fails (and is retried)
     * instead of hanging; idle connections are dropped before the server's keep-alive ends.
     * The client's retry loop is off: callers retry whole requests with their own backoff. (The
     * HTTP layer below still resends once after a 503 or 429, so a request body must be
     * repeatable: an insert's one-shot stream went out empty, and the server stored nothing but
     * answered 200.)
     *
     * @param executor runs the client's requests; owned by the caller, so that closing one client
     *     never stops the requests of another
     */
    public Client open(String database, ExecutorService executor) {
        return new Client.Builder()
                .addEndpoint(endpoint)
                .setUsername(user)
                .setPassword(password)
                .setDefaultDatabase(database)
                .compressServerResponse(false)
                .useAsyncRequests(true)
                .setSharedOperationExecutor(executor)
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                .setConnectionRequestTimeout(10, ChronoUnit.SECONDS)
                .setSocketTimeout(30, ChronoUnit.SECONDS)
                .setExecutionTimeout(60, ChronoUnit.SECONDS)
                .setKeepAliveTimeout(2, ChronoUnit.SECONDS)
                .setMaxRetries(0)
                .build();
    }

    @Override
    public String toString() {
        return endpoint + " as " + user;
    }
}
