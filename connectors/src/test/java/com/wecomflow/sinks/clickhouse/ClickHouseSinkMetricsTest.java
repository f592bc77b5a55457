package com.wecomflow.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.metrics.ReportedMetrics;
import com.wecomflow.sinks.clickhouse.FakeClickHouseServer.Answer;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the ClickHouse sink reports through Flink's metric system, against a fake server that fails on purpose. */
class ClickHouseSinkMetricsTest {

    private static final int ROWS = 100;
    private static final String WRITER = "events sink: Writer";
    private static final ReportedMetrics METRICS = new ReportedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(METRICS.cluster(1));

    @Test
    void countsRowsAndBatchesTheServerAcceptedAndEveryRetry() throws Exception {
        try (FakeClickHouseServer fake = FakeClickHouseServer.start(
                Answer.exception(500, 252, "Too many parts (300). Merges are processing significantly slower than inserts"),
                Answer.status(500),
                Answer.exceptionInTextOnly(500, 241, "Memory limit (for query) exceeded"))) {
            JobID job = runJob(fake);

            long accepted = fake.inserts().stream().filter(request -> request.answeredStatus() == 200).count();
            long refused = fake.inserts().size() - accepted;
            assertThat(refused).isEqualTo(3);
            assertThat(METRICS.counter(job, WRITER, "wecom.rowsWritten")).isEqualTo(ROWS);
            assertThat(METRICS.counter(job, WRITER, "wecom.batchesWritten")).isEqualTo(accepted).isPositive();
            assertThat(METRICS.counter(job, WRITER, "wecom.insertRetries")).isEqualTo(refused);
            assertThat(METRICS.gauge(job, WRITER, "wecom.failingForMillis")).as("after the last insert succeeded")
                    .isEqualTo(0L);
        }
    }

    private static JobID runJob(FakeClickHouseServer fake) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataGeneratorSource<ClickHouseSinkTest.TestRow> source = new DataGeneratorSource<>(
                index -> new ClickHouseSinkTest.TestRow("key-" + index, index, 1), ROWS,
                TypeInformation.of(ClickHouseSinkTest.TestRow.class));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .sinkTo(ClickHouseSink.<ClickHouseSinkTest.TestRow>builder(
                                ClickHouseConnection.parse(fake.url()), "wecom_test", "events")
                        .maxBatchRows(ROWS / 4)
                        .maxBatchDelay(Duration.ofMillis(200))
                        .maxBackoff(Duration.ofMillis(300))
                        .build())
                .name("events sink");
        return env.execute("sink metrics").getJobID();
    }
}
