package com.wecomflow.sinks;

import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.ClickHouseSink;
import com.wecomflow.sinks.postgres.PostgresSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where one result table's rows go: any of ClickHouse, PostgreSQL and JSON lines. Jobs attach
 * their row streams to it; which stores are used is the caller's choice ({@code --clickhouse-url},
 * {@code --postgres-url}, {@code --results-dir}, replay's output directory).
 */
public final class TableSink<T> {

    /** One store of the table; its name names the sink operator, and so its metrics. */
    private record Store<T>(String name, StoreSink<T> sink) {}

    /** A store's sink for the table's rows, made once the row type is known (PostgreSQL's statement names its columns). */
    @FunctionalInterface
    private interface StoreSink<T> {
        Sink<T> forRows(Class<T> rowClass);
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
            stores.add(new Store<>("sink " + (i + 1), rowClass -> sink));
        }
        return new TableSink<>(table, stores);
    }

    /** The table in every store given. */
    public static <T> TableSink<T> forTable(ResultTable table, ResultStores where) {
        List<Store<T>> stores = new ArrayList<>();
        if (where.jsonDirectory() != null) {
            Path directory = where.jsonDirectory().resolve(table.tableName());
            stores.add(new Store<>("to JSON lines", rowClass -> new JsonLinesSink<>(directory)));
        }
        if (where.clickHouse() != null) {
            stores.add(new Store<>("to ClickHouse", rowClass ->
                    ClickHouseSink.<T>builder(where.clickHouse(), ResultTable.DATABASE, table.tableName()).build()));
        }
        if (where.postgres() != null) {
            stores.add(new Store<>("to PostgreSQL", rowClass -> PostgresSink.builder(where.postgres(), table, rowClass).build()));
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
            rows.sinkTo(store.sink().forRows(rowClass)).name(table + " " + store.name()).uid(job + "-" + table + "-sink-" + i);
        }
    }
}
