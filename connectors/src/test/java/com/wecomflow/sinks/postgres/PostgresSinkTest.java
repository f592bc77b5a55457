package com.wecomflow.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.records.ResultTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL sink against a real server, on the product's own schema ({@code sql/postgres}):
 * idempotent, versioned upserts, deletes that late rows cannot undo, an outage mid-stream, and a
 * missing table.
 */
class PostgresSinkTest {

    /** A {@code checkin_milestones} row; {@code reached_date} is derived from the version, so the table shows which version won. */
    public record MilestoneRow(String corpId, String chatId, String memberId, int milestone, LocalDate reachedDate,
            long version) {

        static MilestoneRow of(long index, long version) {
            return new MilestoneRow("corp", "chat", "member-" + index, 7, LocalDate.of(2026, 1, 1).plusDays(version), version);
        }
    }

    /** A {@code channels} row: a table whose rows can be deleted. */
    public record ChannelRow(String corpId, String state, String name, String kind, String campaign, String region,
            String store, String inviter, long target, long version, int isDeleted) {

        static ChannelRow of(long index, long version, int isDeleted) {
            return new ChannelRow("corp", "state-" + index, "v" + version, "placement", "", "", "", "", 0, version, isDeleted);
        }
    }

    /** A {@code member_daily_activity} row: times as the jobs write them, wall clock in the business time zone. */
    public record ActivityRow(String corpId, String chatId, String memberId, LocalDate statDate, String memberType,
            long msgCnt, String firstMsgAt, String lastMsgAt, int checkedIn, long version) {}

    private static final Path SCHEMA = Path.of("../sql/postgres/001_result_tables.sql");

    @RegisterExtension
    static final LocalPostgresPerClass postgresServer = new LocalPostgresPerClass();

    @Test
    void aBatchWrittenTwiceAndAnOlderVersionWrittenAfterANewerOneChangeNothing() throws Exception {
        PostgresConnection postgres = databaseWithSchema("replayed");
        for (long version : new long[] {2, 2, 1}) {
            StreamExecutionEnvironment env = environment();
            env.fromData(LongStream.range(0, 3_000).mapToObj(index -> MilestoneRow.of(index, version)).toList())
                    .sinkTo(PostgresSink.builder(postgres, ResultTable.CHECKIN_MILESTONES, MilestoneRow.class)
                            .maxBatchRows(250).build());
            env.execute("milestones at version " + version);
        }

        assertThat(LocalPostgres.firstRow(postgres, "SELECT count(*), count(DISTINCT member_id), min(version), max(version), "
                + "min(reached_date), max(reached_date) FROM wecom.checkin_milestones"))
                .isEqualTo("3000|3000|2|2|2026-01-03|2026-01-03");
    }

    @Test
    void aDeletedRowIsGoneAndALateOlderRowDoesNotBringItBack() throws Exception {
        PostgresConnection postgres = databaseWithSchema("deletes");
        writeChannels(postgres, LongStream.range(0, 100).mapToObj(index -> ChannelRow.of(index, 1, 0)).toList());
        writeChannels(postgres, LongStream.range(0, 50).mapToObj(index -> ChannelRow.of(index, 2, 1)).toList());
        // Late: the live version 1 of everything again, and version-0 deletes of rows that are live at version 1.
        writeChannels(postgres, LongStream.range(0, 100).mapToObj(index -> ChannelRow.of(index, 1, 0)).toList());
        writeChannels(postgres, LongStream.range(50, 60).mapToObj(index -> ChannelRow.of(index, 0, 1)).toList());
        // Newer than the delete: back.
        writeChannels(postgres, LongStream.range(0, 10).mapToObj(index -> ChannelRow.of(index, 3, 0)).toList());

        assertThat(LocalPostgres.firstRow(postgres, "SELECT count(*), count(*) FILTER (WHERE name = 'v1'), count(*) FILTER (WHERE name = 'v3'), "
                + "count(*) FILTER (WHERE state IN ('state-10', 'state-49')) FROM wecom.channels"))
                .isEqualTo("60|50|10|0");
    }

    @Test
    void oneKeysVersionsAndDeletesInAnyOrderWithinOneBatchLeaveTheNewest() throws Exception {
        PostgresConnection postgres = databaseWithSchema("one_batch");
        StreamExecutionEnvironment env = environment();
        env.setParallelism(1);
        env.fromData(
                        ChannelRow.of(0, 2, 0), ChannelRow.of(0, 1, 0),                          // older after newer: v2
                        ChannelRow.of(1, 1, 0), ChannelRow.of(1, 3, 1), ChannelRow.of(1, 2, 0),  // deleted, then a late v2: gone
                        ChannelRow.of(2, 1, 0), ChannelRow.of(2, 2, 1), ChannelRow.of(2, 4, 0),  // deleted, then a newer v4: back
                        ChannelRow.of(3, 5, 0), ChannelRow.of(3, 4, 1))                          // an older delete: v5 stays
                .sinkTo(PostgresSink.builder(postgres, ResultTable.CHANNELS, ChannelRow.class).maxBatchRows(100).build());
        env.execute("one batch");

        assertThat(LocalPostgres.firstRow(postgres,
                "SELECT string_agg(state || '=' || name, ',' ORDER BY state) FROM wecom.channels"))
                .isEqualTo("state-0=v2,state-2=v4,state-3=v5");
    }

    @Test
    void timesAreReadInTheBusinessTimeZoneWhateverTheJvmsAndTextKeepsEveryCharacterButNul() throws Exception {
        PostgresConnection postgres = databaseWithSchema("times");
        StreamExecutionEnvironment env = environment();
        env.fromData(new ActivityRow("corp", "chat\u0000room", "member-é😀", LocalDate.of(2026, 1, 1), "customer", 3,
                        "2026-01-01 09:00:00.250", "2026-01-01 23:59:59.999", 1, 1))
                .sinkTo(PostgresSink.builder(postgres, ResultTable.MEMBER_DAILY_ACTIVITY, ActivityRow.class).build());
        env.execute("times");

        // 09:00:00.250 in Shanghai (UTC+8) is 01:00:00.250 UTC.
        assertThat(LocalPostgres.firstRow(postgres, "SELECT to_char(first_msg_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), "
                + "to_char(last_msg_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), "
                + "chat_id = 'chat' || chr(65533) || 'room', member_id FROM wecom.member_daily_activity"))
                .isEqualTo("2026-01-01 01:00:00.250|2026-01-01 15:59:59.999|t|member-é😀");
    }

    @Test
    void aColumnTheTableLacksFailsTheJobNamingItAndTheMigrateCommand() throws Exception {
        PostgresConnection postgres = databaseWithSchema("old_schema");
        try (Connection connection = postgres.open(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE wecom.channels DROP COLUMN inviter");
        }
        StreamExecutionEnvironment env = environment();
        env.fromData(ChannelRow.of(1, 1, 0))
                .sinkTo(PostgresSink.builder(postgres, ResultTable.CHANNELS, ChannelRow.class).build());

        assertThatThrownBy(() -> env.execute("old schema"))
                .satisfies(error -> assertThat(ExceptionUtils.stringifyException(error)).contains(
                        "PostgreSQL table wecom.channels at " + postgres + " has no column inviter; "
                                + "apply the newest migrations with ./run migrate --postgres-url"));
    }

    @Test
    void aServerStoppedForTenSecondsMidStreamLosesNothing() throws Exception {
        PostgresConnection postgres = databaseWithSchema("outage");
        StreamExecutionEnvironment env = environment();
        GeneratorFunction<Long, MilestoneRow> row = index -> MilestoneRow.of(index, 1);
        env.fromSource(new DataGeneratorSource<>(row, 6_000, RateLimiterStrategy.perSecond(300),
                                TypeInformation.of(MilestoneRow.class)), WatermarkStrategy.noWatermarks(), "rows")
                .sinkTo(PostgresSink.builder(postgres, ResultTable.CHECKIN_MILESTONES, MilestoneRow.class)
                        .maxBatchRows(100).maxBatchDelay(Duration.ofMillis(100)).build());
        JobClient job = env.executeAsync("outage");

        waitForRows(postgres, 500);
        postgresServer.server().stopProcess();
        Thread.sleep(10_000);
        postgresServer.server().startProcess();
        job.getJobExecutionResult().get();

        assertThat(LocalPostgres.firstRow(postgres, "SELECT count(*), count(DISTINCT member_id) FROM wecom.checkin_milestones"))
                .isEqualTo("6000|6000");
    }

    @Test
    void aMissingTableFailsTheJobWithAMessageNamingIt() throws Exception {
        PostgresConnection postgres = PostgresConnection.parse(postgresServer.server().createDatabase("empty"));
        StreamExecutionEnvironment env = environment();
        env.fromData(ChannelRow.of(1, 1, 0))
                .sinkTo(PostgresSink.builder(postgres, ResultTable.CHANNELS, ChannelRow.class).build());

        assertThatThrownBy(() -> env.execute("no table"))
                .satisfies(error -> assertThat(ExceptionUtils.stringifyException(error))
                        .contains("has no table wecom.channels; create the tables with ./run migrate --postgres-url"));
    }

    private static PostgresConnection databaseWithSchema(String name) throws Exception {
        PostgresConnection postgres = PostgresConnection.parse(postgresServer.server().createDatabase(name)).inTimeZone("Asia/Shanghai");
        try (Connection connection = postgres.open(); Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(SCHEMA, StandardCharsets.UTF_8));
        }
        return postgres;
    }

    private static void writeChannels(PostgresConnection postgres, List<ChannelRow> rows) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromData(rows).sinkTo(PostgresSink.builder(postgres, ResultTable.CHANNELS, ChannelRow.class).build());
        env.execute("channels");
    }

    /** No restarts: a failure of the sink must show as a failed job, not be hidden by a retry loop. */
    private static StreamExecutionEnvironment environment() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        return env;
    }

    private static void waitForRows(PostgresConnection postgres, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Long.parseLong(LocalPostgres.firstRow(postgres, "SELECT count(*) FROM wecom.checkin_milestones")) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rows did not arrive");
            }
            Thread.sleep(100);
        }
    }
}
