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

    /** One store of the table; its name names the sink operator, and so its metrics. */
    private record Store<T>(String name, Sink<T> sink) {}

    private final String table;
    private final List<Store<T>> stores;

    private TableSink(String table, List<Store<T>> stores) {
        this.table = table;
        this.stores = stores;
    }

    /** A table written to exactly the given sinks (tests use their own). */
    @SafeVarargs
    public static <T> TableSink<T> of(String table, Sink<T>... sinks) {
        List<Store<T>> stores = new ArrayList<>();
        for (int i = 0; i < sinks.length; i++) {
            stores.add(new Store<>("sink " + (i + 1), sinks[i]));
        }
        return new TableSink<>(table, stores);
    }

    /**
     * @param jsonDirectory where to write JSON lines ({@code DIR/TABLE/part-*.jsonl}), or null
     * @param clickHouse the server whose {@code wecom} database holds the table, or null
     */
    public static <T> TableSink<T> forTable(ResultTable table, Path jsonDirectory, ClickHouseConnection clickHouse) {
        List<Store<T>> stores = new ArrayList<>();
        if (jsonDirectory != null) {
            stores.add(new Store<>("to JSON lines", new JsonLinesSink<>(jsonDirectory.resolve(table.tableName()))));
        }
        if (clickHouse != null) {
            stores.add(new Store<>("to ClickHouse",
                    ClickHouseSink.<T>builder(clickHouse, ResultTable.DATABASE, table.tableName()).build()));
        }
        if (stores.isEmpty()) {
            throw new IllegalArgumentException("no store for " + table.tableName() + ": give --clickhouse-url or --results-dir");
        }
        return new TableSink<>(table.tableName(), stores);
    }

    /**
     * Writes the stream to every store of the table; operators are named {@code TABLE to ClickHouse}
     * and {@code TABLE to JSON lines} (their uids, which checkpoints refer to, stay by position).
     */
    public void attach(DataStream<T> rows, String job) {
        for (int i = 0; i < stores.size(); i++) {
            Store<T> store = stores.get(i);
            rows.sinkTo(store.sink()).name(table + " " + store.name()).uid(job + "-" + table + "-sink-" + i);
        }
    }
}
