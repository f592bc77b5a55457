package com.wecomflow.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import com.wecomflow.metrics.WeComMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each batch of JSON rows as one insert; see {@link ClickHouseSink} for the guarantees. Counts
 * in its {@code wecom} metric group the rows and batches the server accepted, the retries, and how
 * long inserts have been failing.
 */
final class ClickHouseSinkWriter<T> extends AsyncSinkWriter<T, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    /**
     * Sent with every insert so that rows that do not fit the table fail the batch instead of
     * being stored partly: newer servers skip unknown JSON fields by default, and a server
     * profile may allow some bad rows. All of these exist on every server from 18.16 on.
     */
    static final Map<String, String> STRICT_INSERT_SETTINGS = Map.of(
            "input_format_skip_unknown_fields", "0",
            "input_format_allow_errors_num", "0",
            "input_format_allow_errors_ratio", "0");

    private final Client client;
    private final String table;
    private final Duration maxBackoff;
    private final FailureStreak failureStreak = new FailureStreak();
    // Thread-safe: inserts complete on the client's threads.
    private final Counter rowsWritten = new ThreadSafeSimpleCounter();
    private final Counter batchesWritten = new ThreadSafeSimpleCounter();
    private final Counter insertRetries = new ThreadSafeSimpleCounter();
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
        MetricGroup metrics = WeComMetrics.of(context.metricGroup());
        metrics.counter(WeComMetrics.ROWS_WRITTEN, rowsWritten);
        metrics.counter(WeComMetrics.BATCHES_WRITTEN, batchesWritten);
        metrics.counter(WeComMetrics.INSERT_RETRIES, insertRetries);
        Gauge<Long> failingFor = this::failingForMillis;
        metrics.gauge(WeComMetrics.FAILING_FOR_MILLIS, failingFor);
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
        InsertSettings settings = new InsertSettings();
        STRICT_INSERT_SETTINGS.forEach(settings::serverSetting);
        try {
            // Written from the array on every attempt, including the HTTP layer's own resend after a 503 or 429.
            client.insert(table, out -> out.write(body), ClickHouseFormat.JSONEachRow, settings)
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
            failureStreak.succeeded();
            rowsWritten.inc(rows.size());
            batchesWritten.inc();
            result.complete();
        } else if (ClickHouseErrors.isPermanent(error)) {
            result.completeExceptionally(new IOException("ClickHouse rejected a batch of " + rows.size()
                    + " rows for " + table + ": " + ClickHouseErrors.describe(error), error));
        } else {
            long delay = backoffMillis(failureStreak.failed(System.currentTimeMillis()));
            insertRetries.inc();
            LOG.warn("insert of {} rows into {} failed ({}); retrying in {} ms", rows.size(), table,
                    ClickHouseErrors.describe(error), delay);
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

    private long failingForMillis() {
        return failureStreak.failingForMillis(System.currentTimeMillis());
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
