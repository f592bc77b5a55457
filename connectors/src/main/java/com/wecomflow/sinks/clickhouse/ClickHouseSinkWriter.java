package com.wecomflow.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each batch of JSON rows as one insert; see {@link ClickHouseSink} for the guarantees. */
final class ClickHouseSinkWriter<T> extends AsyncSinkWriter<T, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    /**
     * Server errors that cannot heal by retrying the same rows: syntax, unknown table or column,
     * type mismatch, bad data, no such database, authentication. Everything else (the server
     * unreachable, overloaded, too many parts, timeouts) is retried.
     */
    private static final Set<Integer> PERMANENT_ERRORS = Set.of(
            6, 26, 27, 36, 41, 53, 60, 62, 69, 70, 72, 81, 117, 192, 193, 194, 497, 516);

    private final Client client;
    private final String table;
    private final Duration maxBackoff;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final ScheduledExecutorService retries;
    private final ExecutorService requests;

    ClickHouseSinkWriter(
            ElementConverter<T, byte[]> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<byte[]>> recovered,
            ClickHouseConnection connection,
            String database,
            String table,
            Duration maxBackoff) {
        super(converter, context, configuration, recovered);
        this.requests = Executors.newFixedThreadPool(configuration.getMaxInFlightRequests(), runnable -> {
            Thread thread = new Thread(runnable, "clickhouse-sink-" + table);
            thread.setDaemon(true);
            return thread;
        });
        this.client = connection.open(database, requests);
        // Qualified: older servers ignore the client's default database on inserts.
        this.table = database + "." + table;
        this.maxBackoff = maxBackoff;
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clickhouse-sink-retry-" + table);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected void submitRequestEntries(List<byte[]> rows, ResultHandler<byte[]> result) {
        int size = 0;
        for (byte[] row : rows) {
            size += row.length;
        }
        byte[] body = new byte[size];
        int offset = 0;
        for (byte[] row : rows) {
            System.arraycopy(row, 0, body, offset, row.length);
            offset += row.length;
        }
        try {
            client.insert(table, new ByteArrayInputStream(body), ClickHouseFormat.JSONEachRow, new InsertSettings())
                    .whenComplete((response, error) -> {
                        closeQuietly(response);
                        onInsertDone(rows, error, result);
                    });
        } catch (RuntimeException e) {
            onInsertDone(rows, e, result);
        }
    }

    /** Every request ends here exactly once: completed, failed for good, or scheduled for a retry. */
    private void onInsertDone(List<byte[]> rows, Throwable error, ResultHandler<byte[]> result) {
        if (error == null) {
            consecutiveFailures.set(0);
            result.complete();
        } else if (isPermanent(error)) {
            result.completeExceptionally(new IOException("ClickHouse rejected a batch of " + rows.size()
                    + " rows for " + table + ": " + rootCause(error).getMessage(), error));
        } else {
            long delay = backoffMillis(consecutiveFailures.incrementAndGet());
            LOG.warn("insert of {} rows into {} failed ({}); retrying in {} ms", rows.size(), table,
                    rootCause(error).getMessage(), delay);
            // Holding the batch until the retry keeps its slot in flight: back-pressure, not a busy loop.
            retries.schedule(() -> result.retryForEntries(rows), delay, TimeUnit.MILLISECONDS);
        }
    }

    private static void closeQuietly(AutoCloseable response) {
        if (response == null) {
            return;
        }
        try {
            response.close();
        } catch (Exception e) {
            LOG.debug("closing an insert response failed", e);
        }
    }

    private long backoffMillis(int failures) {
        long delay = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20);
        return Math.min(delay, maxBackoff.toMillis());
    }

    /**
     * Whether retrying cannot help: a known permanent error code, or (from servers that send no
     * code) an HTTP client error other than a timeout or a rate limit.
     */
    private static boolean isPermanent(Throwable error) {
        if (!(rootCause(error) instanceof ServerException server)) {
            return false;
        }
        int status = server.getTransportProtocolCode();
        return PERMANENT_ERRORS.contains(server.getCode())
                || status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** The server's exception if there is one in the chain, else the innermost cause. */
    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (!(cause instanceof ServerException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    protected long getSizeInBytes(byte[] row) {
        return row.length;
    }

    @Override
    public void close() {
        super.close();
        retries.shutdownNow();
        client.close();
        requests.shutdownNow();
    }
}
