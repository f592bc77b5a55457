package com.wecomflow.sinks;

import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.ClickHouseSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where one result table's rows go: ClickHouse, JSON lines, or both. Jobs attach their row
 * streams to it; which stores are used is the caller's choice ({@code --clickhouse-url},
 * {@code --results-dir}, replay's output directory).
 */
public final class TableSink<T> {

    private final String table;
    private final List<Sink<T>> sinks;

    private TableSink(String table, List<Sink<T>> sinks) {
        this.table = table;
        this.sinks = sinks;
    }

    /** A table written to exactly the given sinks (tests use their own). */
    @SafeVarargs
    public static <T> TableSink<T> of(String table, Sink<T>... sinks) {
        return new TableSink<>(table, List.of(sinks));
    }

    /**
     * @param jsonDirectory where to write JSON lines ({@code DIR/TABLE/part-*.jsonl}), or null
     * @param clickHouse the server whose {@code wecom} database holds the table, or null
     */
    public static <T> TableSink<T> forTable(ResultTable table, Path jsonDirectory, ClickHouseConnection clickHouse) {
        List<Sink<T>> sinks = new ArrayList<>();
        if (jsonDirectory != null) {
            sinks.add(new JsonLinesSink<>(jsonDirectory.resolve(table.tableName())));
        }
        if (clickHouse != null) {
            sinks.add(ClickHouseSink.<T>builder(clickHouse, ResultTable.DATABASE, table.tableName()).build());
        }
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("no store for " + table.tableName() + ": give --clickhouse-url or --results-dir");
        }
        return new TableSink<>(table.tableName(), sinks);
    }

    /** Writes the stream to every sink of the table. */
    public void attach(DataStream<T> rows, String job) {
        for (int i = 0; i < sinks.size(); i++) {
            rows.sinkTo(sinks.get(i)).name(table + " sink " + (i + 1)).uid(job + "-" + table + "-sink-" + i);
        }
    }
}
