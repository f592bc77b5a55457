package com.wecomflow.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.sinks.clickhouse.FakeClickHouseServer.Answer;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;

/**
 * The sink against the ways an insert fails in front of a real deployment (ClickHouse overloaded,
 * a proxy rate-limiting, a connection dropped, a slow answer, a read-only user), on a fake
 * ClickHouse that records what it accepted.
 */
class ClickHouseSinkFailuresTest {

    private static final int ROWS = 100;

    @Test
    void aBatchAnsweredServiceUnavailableIsSentAgainWhole() throws Exception {
        assertEveryRowArrivesAfter(Answer.status(503));
    }

    @Test
    void aBatchAnsweredTooManyRequestsIsSentAgainWhole() throws Exception {
        assertEveryRowArrivesAfter(Answer.status(429));
    }

    @Test
    void everyRowArrivesThroughOverloadRateLimitADroppedConnectionAndASlowAnswer() throws Exception {
        List<FakeClickHouseServer.Request> inserts = assertEveryRowArrivesAfter(
                Answer.status(503),
                Answer.status(429),
                Answer.droppedConnection(),
                Answer.okAfter(Duration.ofSeconds(2)));

        assertThat(inserts).extracting(FakeClickHouseServer.Request::answeredStatus).startsWith(503, 429, 0, 200);
        assertThat(inserts.get(3).rows()).isNotEmpty();
    }

    /** Every row stored once the server answers 200, and no empty insert taken for a stored batch. */
    private static List<FakeClickHouseServer.Request> assertEveryRowArrivesAfter(Answer... failures) throws Exception {
        try (FakeClickHouseServer fake = FakeClickHouseServer.start(failures)) {
            runJob(fake);

            assertThat(fake.inserts()).filteredOn(request -> request.answeredStatus() == 200)
                    .allSatisfy(request -> assertThat(request.rows()).as("rows of an accepted insert").isNotEmpty());
            assertThat(keys(fake.acceptedRows())).containsExactlyInAnyOrderElementsOf(allKeys());
            return fake.inserts();
        }
    }

    @Test
    void transientServerErrorsWithOrWithoutACodeAreRetried() throws Exception {
        try (FakeClickHouseServer fake = FakeClickHouseServer.start(
                Answer.exception(500, 252, "Too many parts (300). Merges are processing significantly slower than inserts"),
                Answer.status(500),
                Answer.exceptionInTextOnly(500, 241, "Memory limit (for query) exceeded"))) {
            runJob(fake);

            assertThat(fake.inserts()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(keys(fake.acceptedRows())).containsExactlyInAnyOrderElementsOf(allKeys());
        }
    }

    @Test
    void everyInsertAsksTheServerToRejectRowsThatDoNotFitTheTable() throws Exception {
        try (FakeClickHouseServer fake = FakeClickHouseServer.start()) {
            runJob(fake);

            assertThat(fake.inserts()).isNotEmpty().allSatisfy(request -> assertThat(request.parameters())
                    .containsEntry("input_format_skip_unknown_fields", "0")
                    .containsEntry("input_format_allow_errors_num", "0")
                    .containsEntry("input_format_allow_errors_ratio", "0"));
        }
    }

    @Test
    void aReadOnlyUserAnsweredWithHttp500FailsTheJobPromptlyNamingTheTable() throws Exception {
        try (FakeClickHouseServer fake = FakeClickHouseServer.start(
                Answer.exception(500, 164, "default: Cannot execute query in readonly mode"))) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> runJob(fake)).satisfies(error -> assertThat(ExceptionUtils.stringifyException(error))
                    .contains("ClickHouse rejected a batch of " + ROWS + " rows for wecom_test.events: READONLY"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(fake.inserts()).hasSize(1);
        }
    }

    @Test
    void anAccessDeniedFailsTheJobWhateverTheHttpStatus() throws Exception {
        try (FakeClickHouseServer fake = FakeClickHouseServer.start(
                Answer.exception(500, 497, "alice: Not enough privileges. To execute this query, it's necessary to have the grant INSERT"))) {
            assertThatThrownBy(() -> runJob(fake)).satisfies(error -> assertThat(ExceptionUtils.stringifyException(error))
                    .contains("rows for wecom_test.events: ACCESS_DENIED"));
            assertThat(fake.inserts()).hasSize(1);
        }
    }

    @Test
    void aRowWithAColumnTheTableLacksFailsTheJob() throws Exception {
        try (FakeClickHouseServer fake = FakeClickHouseServer.start(Answer.exception(500, 117,
                "Unknown field found while parsing JSONEachRow format: extra: (at row 1)"))) {
            assertThatThrownBy(() -> runJob(fake)).satisfies(error -> assertThat(ExceptionUtils.stringifyException(error))
                    .contains("rows for wecom_test.events: INCORRECT_DATA: Code: 117. DB::Exception: Unknown field"));
        }
    }

    /** One batch of every row (a short backoff keeps the retries quick); no restarts, so a failure fails the job. */
    private static void runJob(FakeClickHouseServer fake) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(1);
        DataGeneratorSource<ClickHouseSinkTest.TestRow> source = new DataGeneratorSource<>(
                index -> new ClickHouseSinkTest.TestRow("key-" + index, index, 1), ROWS,
                TypeInformation.of(ClickHouseSinkTest.TestRow.class));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows")
                .sinkTo(ClickHouseSink.<ClickHouseSinkTest.TestRow>builder(
                                ClickHouseConnection.parse(fake.url()), "wecom_test", "events")
                        .maxBatchRows(ROWS)
                        .maxBatchDelay(Duration.ofMillis(200))
                        .maxBackoff(Duration.ofMillis(300))
                        .build())
                // Chained to the source, a failed writer fails the source's task too; the source's
                // coordinator then fails to hand it its end-of-input event, and that failure could
                // become the job's reported cause instead of the sink's.
                .disableChaining();
        env.execute("sink against a failing server");
    }

    private static List<String> keys(List<String> rows) {
        return rows.stream().map(row -> row.replaceAll(".*\"k\":\"([^\"]+)\".*", "$1")).toList();
    }

    private static List<String> allKeys() {
        return LongStream.range(0, ROWS).mapToObj(index -> "key-" + index).toList();
    }
}
