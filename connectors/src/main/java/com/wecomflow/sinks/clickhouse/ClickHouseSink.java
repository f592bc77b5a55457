package com.wecomflow.sinks.clickhouse;

import com.wecomflow.parse.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes result rows to a ClickHouse table in batched {@code INSERT ... FORMAT JSONEachRow}
 * requests through clickhouse-java's client-v2, on Flink's async sink base:
 * <ul>
 *   <li>a batch is sent when it reaches {@code maxBatchRows} rows or {@code maxBatchBytes}, or
 *       has waited {@code maxBatchDelay};
 *   <li>at most {@code maxInFlightBatches} requests are under way and at most
 *       {@code maxBufferedRows} rows wait; beyond that the sink back-pressures the job instead
 *       of buffering without bound;
 *   <li>a failed request is retried with exponential backoff while the error is transient
 *       (the server is down, overloaded or timing out); a request the server rejects for good
 *       (an unknown table or column) fails the job with the server's message;
 *   <li>everything buffered is written before a checkpoint completes (at-least-once); rows
 *       carry a rising {@code version} and tables are {@code ReplacingMergeTree}, so a batch
 *       written twice after a restart changes nothing {@code FINAL} returns.
 * </ul>
 */
public final class ClickHouseSink<T> extends AsyncSinkBase<T, byte[]> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseConnection connection;
    private final String database;
    private final String table;
    private final Duration maxBackoff;

    private ClickHouseSink(Builder<T> builder) {
        super(new JsonRow<>(), builder.maxBatchRows, builder.maxInFlightBatches, builder.maxBufferedRows,
                builder.maxBatchBytes, builder.maxBatchDelay.toMillis(), builder.maxRowBytes);
        this.connection = builder.connection;
        this.database = builder.database;
        this.table = builder.table;
        this.maxBackoff = builder.maxBackoff;
    }

    public static <T> Builder<T> builder(ClickHouseConnection connection, String database, String table) {
        return new Builder<>(connection, database, table);
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<byte[]>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<T, BufferedRequestState<byte[]>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<byte[]>> recoveredState) {
        return new ClickHouseSinkWriter<>(getElementConverter(), context, writerConfiguration(), recoveredState,
                connection, database, table, maxBackoff);
    }

    private org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration writerConfiguration() {
        return org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .build();
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<byte[]>> getWriterStateSerializer() {
        return new RowBytesSerializer();
    }

    /** A row as one JSON line with the table's column names. */
    static final class JsonRow<T> implements ElementConverter<T, byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] apply(T row, org.apache.flink.api.connector.sink2.SinkWriter.Context context) {
            return (Json.toRowJson(row) + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Buffered rows in checkpoints: each as its length and bytes. */
    static final class RowBytesSerializer extends AsyncSinkWriterStateSerializer<byte[]> {
        @Override
        protected void serializeRequestToStream(byte[] row, DataOutputStream out) throws IOException {
            out.write(row);
        }

        @Override
        protected byte[] deserializeRequestFromStream(long size, DataInputStream in) throws IOException {
            return in.readNBytes((int) size);
        }

        @Override
        public int getVersion() {
            return 1;
        }
    }

    /** The sink's settings, with defaults for a busy production table. */
    public static final class Builder<T> {
        private final ClickHouseConnection connection;
        private final String database;
        private final String table;
        private int maxBatchRows = 10_000;
        private long maxBatchBytes = 8L * 1024 * 1024;
        private Duration maxBatchDelay = Duration.ofSeconds(1);
        private int maxInFlightBatches = 4;
        private int maxBufferedRows = 100_000;
        private long maxRowBytes = 1024 * 1024;
        private Duration maxBackoff = Duration.ofSeconds(30);

        private Builder(ClickHouseConnection connection, String database, String table) {
            this.connection = connection;
            this.database = database;
            this.table = table;
        }

        public Builder<T> maxBatchRows(int rows) {
            this.maxBatchRows = rows;
            return this;
        }

        public Builder<T> maxBatchBytes(long bytes) {
            this.maxBatchBytes = bytes;
            return this;
        }

        public Builder<T> maxBatchDelay(Duration delay) {
            this.maxBatchDelay = delay;
            return this;
        }

        public Builder<T> maxInFlightBatches(int batches) {
            this.maxInFlightBatches = batches;
            return this;
        }

        public Builder<T> maxBufferedRows(int rows) {
            this.maxBufferedRows = rows;
            return this;
        }

        public Builder<T> maxBackoff(Duration backoff) {
            this.maxBackoff = backoff;
            return this;
        }

        public ClickHouseSink<T> build() {
            return new ClickHouseSink<>(this);
        }
    }
}
