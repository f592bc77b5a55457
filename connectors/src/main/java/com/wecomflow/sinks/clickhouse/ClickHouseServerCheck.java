package com.wecomflow.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.wecomflow.records.ResultTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a ClickHouse server, before a run writes to it, whether it can take the rows (reachable,
 * the login accepted, the tables there), and during the run whether it still answers. A run
 * that would only retry for ever against a wrong URL fails at start with the reason instead.
 */
public final class ClickHouseServerCheck implements AutoCloseable {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final ClickHouseConnection connection;
    private final ExecutorService requests = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "clickhouse-check");
        thread.setDaemon(true);
        return thread;
    });
    private final Client client;

    public ClickHouseServerCheck(ClickHouseConnection connection) {
        this.connection = connection;
        this.client = connection.open("default", requests);
    }

    /**
     * A check of a server that has every result table of the product, open for probing during the
     * run; or an {@link IllegalArgumentException} saying in one line why the server cannot take them.
     */
    public static ClickHouseServerCheck ofResultTables(ClickHouseConnection connection) {
        ClickHouseServerCheck check = new ClickHouseServerCheck(connection);
        try {
            check.requireTables(ResultTable.DATABASE, java.util.Arrays.stream(ResultTable.values())
                    .map(ResultTable::tableName).toList());
        } catch (RuntimeException e) {
            check.close();
            throw e;
        }
        return check;
    }

    /**
     * Returns when every table exists; otherwise throws, with one line that says which of these
     * it is: the server unreachable, the login refused, the tables missing (then {@code ./run
     * migrate} is the fix), or whatever else the server answered.
     *
     * @throws IllegalArgumentException naming {@code --clickhouse-url}, since the URL (or the
     *     server behind it) is what the user has to change
     */
    public void requireTables(String database, Collection<String> tables) {
        Set<String> present;
        try {
            present = Set.copyOf(lines("SELECT name FROM system.tables WHERE database = '" + database + "'"));
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("--clickhouse-url: " + ClickHouseErrors.serverFailure(connection, e.getCause()));
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("--clickhouse-url: ClickHouse at " + connection.endpoint()
                    + " did not answer within " + ANSWER_TIMEOUT.toSeconds() + "s");
        }
        List<String> missing = tables.stream().filter(table -> !present.contains(table))
                .map(table -> database + "." + table).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--clickhouse-url: ClickHouse at " + connection.endpoint()
                    + " has no table " + String.join(", ", missing)
                    + "; create them with ./run migrate --clickhouse-url URL");
        }
    }

    /** Whether the server answers at all (an error answer counts: it is there). */
    public boolean answers() {
        try {
            lines("SELECT 1");
            return true;
        } catch (ExecutionException e) {
            return ClickHouseErrors.serverException(e) != null;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private List<String> lines(String sql) throws ExecutionException, TimeoutException {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.TabSeparated);
        try (QueryResponse response = client.query(sql, settings)
                .get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            String text = new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.isEmpty()).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw e;
        } catch (Exception e) {
            // Thrown synchronously by the client, or while reading the answer.
            throw new ExecutionException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        requests.shutdownNow();
    }
}
