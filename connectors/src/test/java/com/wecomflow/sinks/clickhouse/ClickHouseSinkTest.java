package com.wecomflow.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink's transport against a real ClickHouse server: batching, an outage mid-stream, replayed batches. */
class ClickHouseSinkTest {

    /** A row of the test tables: a key, a value, and the version ReplacingMergeTree keeps the highest of. */
    public record TestRow(String k, long v, long version) {}

    private static LocalClickHouseServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = LocalClickHouseServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyRowArrivesAcrossManyBatches() throws Exception {
        createTable("many_batches");
        StreamExecutionEnvironment env = environment();
        rows(env, 20_000, 0, 1).sinkTo(sink("many_batches").maxBatchRows(500).build());
        env.execute("many batches");

        assertThat(server.query("SELECT count(), uniqExact(k), sum(v) FROM wecom_test.many_batches FINAL"))
                .isEqualTo("20000\t20000\t" + sumOfValues(20_000));
    }

    @Test
    void aServerStoppedMidStreamAndRestartedLosesNothingAndTheJobGoesOn() throws Exception {
        createTable("outage");
        StreamExecutionEnvironment env = environment();
        rows(env, 6_000, 1_500, 1).sinkTo(sink("outage").maxBatchRows(200).maxBatchDelay(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1)).build());
        JobClient job = env.executeAsync("outage");

        waitForRows("outage", 500);
        server.stopProcess();
        Thread.sleep(3_000);
        server.startProcess();
        job.getJobExecutionResult().get();

        assertThat(server.query("SELECT count(), uniqExact(k), sum(v) FROM wecom_test.outage FINAL"))
                .isEqualTo("6000\t6000\t" + sumOfValues(6_000));
    }

    @Test
    void batchesWrittenAgainLeaveOneRowPerKeyWithTheHighestVersion() throws Exception {
        createTable("replayed");
        for (int run = 0; run < 2; run++) {
            StreamExecutionEnvironment env = environment();
            rows(env, 3_000, 0, 1).sinkTo(sink("replayed").maxBatchRows(250).build());
            env.execute("the same batches, run " + run);
        }
        StreamExecutionEnvironment env = environment();
        rows(env, 1_000, 0, 2).sinkTo(sink("replayed").maxBatchRows(250).build());
        env.execute("newer versions of the first 1000 rows");

        assertThat(server.query("SELECT count(), sum(v), countIf(version = 2) FROM wecom_test.replayed FINAL"))
                .isEqualTo("3000\t" + (sumOfValues(3_000) + 1_000) + "\t1000");
    }

    @Test
    void aTableThatDoesNotExistFailsTheJobWithAMessageNamingIt() throws Exception {
        StreamExecutionEnvironment env = environment();
        rows(env, 10, 0, 1).sinkTo(sink("no_such_table").build());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.execute("unknown table"))
                .satisfies(error -> assertThat(org.apache.flink.util.ExceptionUtils.stringifyException(error))
                        .containsPattern("ClickHouse rejected a batch of \\d+ rows for wecom_test.no_such_table"));
    }

    private static void createTable(String name) throws Exception {
        server.query("CREATE DATABASE IF NOT EXISTS wecom_test");
        server.query("CREATE TABLE wecom_test." + name
                + " (k String, v UInt64, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY k");
    }

    /** No restarts: a failure of the sink must show as a failed job, not be hidden by a retry loop. */
    private static StreamExecutionEnvironment environment() {
        org.apache.flink.configuration.Configuration configuration = new org.apache.flink.configuration.Configuration();
        configuration.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        return env;
    }

    private static ClickHouseSink.Builder<TestRow> sink(String table) {
        return ClickHouseSink.<TestRow>builder(ClickHouseConnection.parse(server.url()), "wecom_test", table);
    }

    private static org.apache.flink.streaming.api.datastream.DataStream<TestRow> rows(
            StreamExecutionEnvironment env, long count, double rowsPerSecond, long version) {
        // A newer version carries v + 1, so FINAL shows which version won.
        GeneratorFunction<Long, TestRow> row = index -> new TestRow("key-" + index, index + version - 1, version);
        DataGeneratorSource<TestRow> source = rowsPerSecond > 0
                ? new DataGeneratorSource<>(row, count, RateLimiterStrategy.perSecond(rowsPerSecond),
                        TypeInformation.of(TestRow.class))
                : new DataGeneratorSource<>(row, count, TypeInformation.of(TestRow.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows");
    }

    private static void waitForRows(String table, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Long.parseLong(server.query("SELECT count() FROM wecom_test." + table)) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rows did not arrive");
            }
            Thread.sleep(100);
        }
    }

    private static long sumOfValues(long count) {
        return count * (count - 1) / 2;
    }
}
