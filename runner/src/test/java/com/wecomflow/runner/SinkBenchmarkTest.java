package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.LocalClickHouseServer;
import com.wecomflow.sinks.postgres.LocalPostgres;
import com.wecomflow.sinks.postgres.PostgresConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./run bench sinks}, small, against real servers: every sink writes every row, and the bench leaves PostgreSQL as it was. */
class SinkBenchmarkTest {

    @Test
    void everySinkWritesEveryRowAndTheBenchRemovesItsPostgresRows() throws Exception {
        try (LocalPostgres server = LocalPostgres.start(); LocalClickHouseServer clickHouse = OldClickHouse.withResultTables()) {
            PostgresConnection postgres = PostgresConnection.parse(server.createDatabase("bench"));
            new PostgresMigrations(postgres).apply(Migrations.load(Path.of("../sql/postgres"), Map.of()), Progress.silent());
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            List<SinkBenchmark.Result> results = new SinkBenchmark(5_000, 1, ClickHouseConnection.parse(clickHouse.url()),
                    postgres, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

            assertThat(results).extracting(SinkBenchmark.Result::sink).containsExactly("JSON lines", "ClickHouse", "PostgreSQL");
            assertThat(results).allSatisfy(result -> assertThat(result.rows()).isEqualTo(5_000));
            assertThat(clickHouse.query("SELECT count() FROM wecom.member_daily_activity FINAL WHERE corp_id = '"
                    + SinkBenchmark.CORP + "'")).isEqualTo("5000");
            assertThat(LocalPostgres.firstRow(postgres, "SELECT count(*) FROM wecom.member_daily_activity")).isEqualTo("0");
            assertThat(printed.toString(StandardCharsets.UTF_8)).containsPattern("PostgreSQL\\s+5,000\\s+[\\d.]+\\s+[\\d,]+\\s+[\\d.]+x");
        }
    }

    @Test
    void withoutAServerToMeasureItSaysWhichOptionsAreMissing() {
        assertThatThrownBy(() -> new SinkBenchmark(5_000, 1, null, null, System.out))
                .hasMessage("give --clickhouse-url, --postgres-url or both: the sinks to measure");
    }
}
