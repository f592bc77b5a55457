package com.wecomflow.sinks;

import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.postgres.PostgresConnection;
import java.nio.file.Path;

/**
 * Where the result tables go: any of JSON lines under a directory ({@code DIR/TABLE/part-*.jsonl}),
 * a ClickHouse server's {@code wecom} database, a PostgreSQL database's {@code wecom} schema.
 * Each may be null; at least one is needed.
 */
public record ResultStores(Path jsonDirectory, ClickHouseConnection clickHouse, PostgresConnection postgres) {

    /** JSON lines only. */
    public static ResultStores jsonLines(Path directory) {
        return new ResultStores(directory, null, null);
    }
}
