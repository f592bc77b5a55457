package com.wecomflow.runner;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.jobs.records.MemberDailyActivity;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.JsonLinesSink;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.clickhouse.ClickHouseSink;
import com.wecomflow.sinks.postgres.PostgresConnection;
import com.wecomflow.sinks.postgres.PostgresSink;
import com.wecomflow.sinks.postgres.PostgresTables;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./run bench sinks}: the same generated {@code member_daily_activity} rows written by each
 * sink in turn (JSON lines as the baseline, then ClickHouse and PostgreSQL where given), each in
 * its own Flink job after an untimed warm-up; prints rows/s and the ratio to JSON lines. The rows
 * carry {@code corp_id = wecom-flow-bench}: PostgreSQL's are deleted before and after, ClickHouse's
 * stay (a scratch database is the place for this).
 */
final class SinkBenchmark {

    /** The corp of every row the bench writes, so that they can be told apart and removed. */
    static final String CORP = "wecom-flow-bench";

    /** What one sink did. */
    record Result(String sink, long rows, double seconds) {
        double rowsPerSecond() {
            return rows / Math.max(seconds, 0.001);
        }
    }

    private final int rows;
    private final int parallelism;
    private final ClickHouseConnection clickHouse;
    private final PostgresConnection postgres;
    private final PrintStream out;

    SinkBenchmark(int rows, int parallelism, ClickHouseConnection clickHouse, PostgresConnection postgres, PrintStream out) {
        if (rows < 1_000) {
            throw new IllegalArgumentException("--rows must be at least 1000, got " + rows);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
        }
        if (clickHouse == null && postgres == null) {
            throw new IllegalArgumentException("give --clickhouse-url, --postgres-url or both: the sinks to measure");
        }
        this.rows = rows;
        this.parallelism = parallelism;
        this.clickHouse = clickHouse;
        this.postgres = postgres == null ? null : postgres.inTimeZone(PipelineConfig.defaults().timezone());
        this.out = out;
    }

    List<Result> run() throws Exception {
        if (postgres != null) {
            PostgresTables.requireResultTables(postgres);
            removeBenchRows();
        }
        Path scratch = Files.createTempDirectory("wecom-flow-bench-sinks-");
        List<Result> results = new ArrayList<>();
        try {
            Progress progress = new Progress(out);
            results.add(measure("JSON lines", corp -> new JsonLinesSink<>(scratch.resolve(corp)), progress));
            if (clickHouse != null) {
                results.add(measure("ClickHouse", corp -> ClickHouseSink.<MemberDailyActivity>builder(
                        clickHouse, ResultTable.DATABASE, ResultTable.MEMBER_DAILY_ACTIVITY.tableName()).build(), progress));
            }
            if (postgres != null) {
                results.add(measure("PostgreSQL", corp -> PostgresSink.builder(
                        postgres, ResultTable.MEMBER_DAILY_ACTIVITY, MemberDailyActivity.class).build(), progress));
                requireEveryRowInPostgres();
            }
        } finally {
            Directories.deleteRecursively(scratch);
            if (postgres != null) {
                removeBenchRows();
            }
        }
        print(results);
        return results;
    }

    /** An untimed warm-up of a tenth of the rows, then the timed run; each writes rows of its own corp. */
    private Result measure(String sink, Function<String, Sink<MemberDailyActivity>> sinkFor, Progress progress)
            throws Exception {
        runJob(sink + " (warm-up)", CORP + "-warm-up", rows / 10, sinkFor, progress);
        double seconds = runJob(sink, CORP, rows, sinkFor, progress);
        progress.done(String.format("%s: %,d rows in %.1f s", sink, rows, seconds));
        return new Result(sink, rows, seconds);
    }

    private double runJob(String name, String corp, int count, Function<String, Sink<MemberDailyActivity>> sinkFor,
            Progress progress) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(new DataGeneratorSource<>(new BenchRows(corp), count, TypeInformation.of(MemberDailyActivity.class)),
                        WatermarkStrategy.noWatermarks(), "rows")
                .sinkTo(sinkFor.apply(corp))
                .name("to " + name);
        long started = System.nanoTime();
        JobClient job = env.executeAsync("bench sinks: " + name);
        CompletableFuture<?> finished = job.getJobExecutionResult();
        while (!finished.isDone()) {
            progress.update(String.format("writing %,d rows to %s: %d s", count, name,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
            try {
                finished.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // The line moves once a second.
            }
        }
        finished.get();
        return (System.nanoTime() - started) / 1e9;
    }

    /** The generated rows: distinct keys, a month of dates, times as the jobs write them. */
    static final class BenchRows implements GeneratorFunction<Long, MemberDailyActivity> {
        private static final long serialVersionUID = 1L;
        private final String corp;

        BenchRows(String corp) {
            this.corp = corp;
        }

        @Override
        public MemberDailyActivity map(Long index) {
            LocalDate day = LocalDate.of(2026, 11, 1).plusDays(index % 30);
            String second = String.format("%02d:%02d", index % 60, (index / 60) % 60);
            return new MemberDailyActivity(corp, "chat-" + index % 500, "member-" + index, day,
                    index % 5 == 0 ? "employee" : "customer", 1 + index % 40,
                    day + " 09:" + second + ".000", day + " 21:" + second + ".500", (int) (index % 2), 1);
        }
    }

    /** A figure for rows that never arrived would be no figure: the timed run's rows are counted. */
    private void requireEveryRowInPostgres() throws SQLException {
        try (Connection connection = postgres.open();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM wecom.member_daily_activity WHERE corp_id = ?")) {
            count.setString(1, CORP);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                if (result.getLong(1) != rows) {
                    throw new CommandFailure("PostgreSQL holds " + result.getLong(1) + " of the " + rows + " rows written", null);
                }
            }
        }
    }

    private void removeBenchRows() throws SQLException {
        try (Connection connection = postgres.open();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM wecom.member_daily_activity WHERE corp_id IN (?, ?)")) {
            delete.setString(1, CORP);
            delete.setString(2, CORP + "-warm-up");
            if (delete.executeUpdate() > 0) {
                // Otherwise the next run writes among the dead rows and autovacuum runs in the middle of its timing.
                try (Statement vacuum = connection.createStatement()) {
                    vacuum.execute("VACUUM wecom.member_daily_activity");
                }
            }
        }
    }

    private void print(List<Result> results) {
        double baseline = results.get(0).rowsPerSecond();
        out.printf("%n%-12s %12s %10s %12s %15s%n", "sink", "rows", "seconds", "rows/s", "vs JSON lines");
        for (Result result : results) {
            out.printf("%-12s %,12d %10.1f %,12.0f %14.2fx%n", result.sink(), result.rows(), result.seconds(),
                    result.rowsPerSecond(), result.rowsPerSecond() / baseline);
        }
        out.printf("(each a Flink job at parallelism %d on a MiniCluster, from submission to the last row acknowledged)%n",
                parallelism);
    }
}
