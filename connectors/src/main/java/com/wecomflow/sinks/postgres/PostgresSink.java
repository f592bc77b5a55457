package com.wecomflow.sinks.postgres;

import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * A result table's rows into PostgreSQL through Flink's {@link JdbcSink}: batched, retried, and
 * flushed before every checkpoint completes (at-least-once). Each row is an idempotent, versioned
 * upsert ({@link PostgresUpsert}), so rows written again after a restart, or arriving out of
 * order, leave the table as it was: exactly one row per key, the newest version.
 */
public final class PostgresSink {

    /** Attempts of a failed batch; between them a lost session is re-opened (waiting out an outage). */
    private static final int MAX_RETRIES = 5;

    private PostgresSink() {}

    public static <T> Builder<T> builder(PostgresConnection postgres, ResultTable table, Class<T> rowClass) {
        return new Builder<>(postgres, table, rowClass);
    }

    /**
     * Binds a row as the JSON text its table's statement reads. PostgreSQL's text cannot hold
     * U+0000 (ClickHouse's strings can, and chat text may carry one), so it becomes U+FFFD, the
     * replacement character: otherwise the row would fail its batch, and the job, on every retry.
     */
    static final class RowAsJson<T> implements JdbcStatementBuilder<T>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement statement, T row) throws SQLException {
            statement.setString(1, jsonOf(row));
        }

        static String jsonOf(Object row) {
            String json = Json.toRowJson(row);
            return json.contains("\\u0000") ? Json.toRowJson(Json.withoutNul(Json.ROWS.valueToTree(row))) : json;
        }
    }

    /** The sink's settings, with defaults for a busy production table. */
    public static final class Builder<T> {
        private final PostgresConnection postgres;
        private final ResultTable table;
        private final Class<T> rowClass;
        private int maxBatchRows = 2_000;
        private Duration maxBatchDelay = Duration.ofMillis(500);
        private Duration maxOutage = Duration.ofMinutes(2);

        private Builder(PostgresConnection postgres, ResultTable table, Class<T> rowClass) {
            this.postgres = postgres;
            this.table = table;
            this.rowClass = rowClass;
        }

        public Builder<T> maxBatchRows(int rows) {
            this.maxBatchRows = rows;
            return this;
        }

        public Builder<T> maxBatchDelay(Duration delay) {
            this.maxBatchDelay = delay;
            return this;
        }

        /** How long a writer waits for a server that is down before the job fails (and restarts). */
        public Builder<T> maxOutage(Duration outage) {
            this.maxOutage = outage;
            return this;
        }

        public JdbcSink<T> build() {
            List<String> columns = Json.columnsOf(rowClass);
            return JdbcSink.<T>builder()
                    .withQueryStatement(PostgresUpsert.statement(table, columns), new RowAsJson<>())
                    .withExecutionOptions(JdbcExecutionOptions.builder()
                            .withBatchSize(maxBatchRows)
                            .withBatchIntervalMs(maxBatchDelay.toMillis())
                            .withMaxRetries(MAX_RETRIES)
                            .build())
                    .buildAtLeastOnce(new TableSession(postgres, table, columns, maxOutage));
        }
    }
}
