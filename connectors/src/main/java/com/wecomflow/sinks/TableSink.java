package com.wecomflow.sinks;

import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.ClickHouseSink;
import com.wecomflow.sinks.postgres.PostgresSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * Where one result table's rows go: any of ClickHouse, PostgreSQL and JSON lines. Jobs attach
 * their row streams to it; which stores are used is the caller's choice ({@code --clickhouse-url},
 * {@code --postgres-url}, {@code --results-dir}, replay's output directory).
 */
public final class TableSink<T> {

    /** One store of the table; its name names the sink operator, and so its metrics. */
    private record Store<T>(String name, StoreWriter<T> writer) {}

    /**
     * How a store takes the table's rows, decided once the row type is known (PostgreSQL's
     * statement names its columns).
     */
    @FunctionalInterface
    private interface StoreWriter<T> {
        DataStreamSink<T> write(DataStream<T> rows, Class<T> rowClass);
    }

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
            Sink<T> sink = sinks[i];
            stores.add(new Store<>("sink " + (i + 1), (rows, rowClass) -> rows.sinkTo(sink)));
        }
        return new TableSink<>(table, stores);
    }

    /** The table in every store given. */
    public static <T> TableSink<T> forTable(ResultTable table, ResultStores where) {
        List<Store<T>> stores = new ArrayList<>();
        if (where.jsonDirectory() != null) {
            Path directory = where.jsonDirectory().resolve(table.tableName());
            stores.add(new Store<>("to JSON lines", (rows, rowClass) -> rows.sinkTo(new JsonLinesSink<>(directory))));
        }
        if (where.clickHouse() != null) {
            stores.add(new Store<>("to ClickHouse", (rows, rowClass) -> rows.sinkTo(
                    ClickHouseSink.<T>builder(where.clickHouse(), ResultTable.DATABASE, table.tableName()).build())));
        }
        if (where.postgres() != null) {
            // By the table's key, so that one key's versions always go through one session, in order.
            stores.add(new Store<>("to PostgreSQL", (rows, rowClass) -> rows
                    .keyBy(new TableKeyOf<T>(table))
                    .sinkTo(PostgresSink.builder(where.postgres(), table, rowClass).build())));
        }
        if (stores.isEmpty()) {
            throw new IllegalArgumentException(
                    "no store for " + table.tableName() + ": give --clickhouse-url, --postgres-url or --results-dir");
        }
        return new TableSink<>(table.tableName(), stores);
    }

    /**
     * Writes the stream to every store of the table; operators are named {@code TABLE to ClickHouse},
     * {@code TABLE to PostgreSQL} and {@code TABLE to JSON lines} (their uids, which checkpoints refer
     * to, stay by position).
     */
    public void attach(DataStream<T> rows, String job) {
        Class<T> rowClass = rows.getType().getTypeClass();
        for (int i = 0; i < stores.size(); i++) {
            Store<T> store = stores.get(i);
            store.writer().write(rows, rowClass).name(table + " " + store.name()).uid(job + "-" + table + "-sink-" + i);
        }
    }
}
