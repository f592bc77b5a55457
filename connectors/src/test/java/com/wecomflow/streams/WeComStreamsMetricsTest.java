package com.wecomflow.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.metrics.ReportedMetrics;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.RawRecord;
import com.wecomflow.sinks.JsonLinesSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared first stages of every job on a MiniCluster, with a known input: the counters Flink
 * reports for records in, parsed, dead letters by kind, duplicates and rows written.
 */
class WeComStreamsMetricsTest {

    private static final String JOB = "metrics-test";
    private static final ReportedMetrics METRICS = new ReportedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(METRICS.cluster(2));

    private static final long DAY_ZERO = LocalDateTime.of(2026, 6, 1, 10, 0)
            .atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    private static final long FORTY_DAYS_LATER = DAY_ZERO + Duration.ofDays(40).toMillis();

    @TempDir
    Path dir;

    @Test
    void countsRecordsInDeadLettersByKindDuplicatesAndRowsWritten() throws Exception {
        List<String> lines = List.of(
                message("m1", DAY_ZERO),
                message("m2", DAY_ZERO),
                message("m3", DAY_ZERO),
                message("m1", DAY_ZERO),
                "{oops",
                "[]",
                message("m9", DAY_ZERO).replace("\"msgid\":\"m9\",", ""),
                message("m9", DAY_ZERO).replace("[\"zhangsan\"]", "\"zhangsan\""),
                message("m9", DAY_ZERO / 1000),
                message("m4", 32_503_680_000_000L),
                message("m5", FORTY_DAYS_LATER),
                message("m6", FORTY_DAYS_LATER),
                message("m7", DAY_ZERO),
                message("m8", DAY_ZERO + 3_600_000));
        // A pause before m6 lets a periodic watermark past m5 reach the lateness gate before m7 and m8.
        JobID job = run(lines, 11);

        String parse = JOB + ": parse messages";
        assertThat(METRICS.counter(job, parse, "wecom.recordsIn")).isEqualTo(14);
        assertThat(METRICS.counter(job, parse, "wecom.recordsParsed")).isEqualTo(9);
        assertThat(METRICS.counter(job, parse, "wecom.recordsIgnored")).isZero();
        assertThat(METRICS.counter(job, parse, "wecom.kind.not_json.deadLetters")).isEqualTo(2);
        assertThat(METRICS.counter(job, parse, "wecom.kind.missing_field.deadLetters")).isEqualTo(1);
        assertThat(METRICS.counter(job, parse, "wecom.kind.wrong_type.deadLetters")).isEqualTo(1);
        assertThat(METRICS.counter(job, parse, "wecom.kind.invalid_value.deadLetters")).isEqualTo(1);
        assertThat(METRICS.counter(job, parse, "wecom.kind.not_utf8.deadLetters")).isZero();
        assertThat(METRICS.counter(job, JOB + ": future-event gate for messages", "wecom.kind.future_event.deadLetters"))
                .isEqualTo(1);
        assertThat(METRICS.counter(job, JOB + ": lateness gate for messages", "wecom.kind.late_event.deadLetters"))
                .isEqualTo(2);
        assertThat(METRICS.counter(job, JOB + ": drop duplicate messages", "wecom.duplicatesDropped")).isEqualTo(1);
        assertThat(METRICS.counter(job, "messages sink: Writer", "wecom.rowsWritten")).isEqualTo(5);
        assertThat(METRICS.counter(job, JOB + ": dead letters: Writer", "wecom.rowsWritten")).isEqualTo(8);
    }

    /** Runs the archive-message stages over the lines, pausing before one of them; returns the finished job's id. */
    private JobID run(List<String> lines, int pauseBefore) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(
                new ScriptedLines(lines, pauseBefore), lines.size(), TypeInformation.of(RawRecord.class));
        DeadLetterUnion deadLetters = new DeadLetterUnion();
        DataStream<ArchiveMessage> messages =
                WeComStreams.archiveMessages(env, source, JOB, PipelineConfig.defaults(), deadLetters);
        messages.sinkTo(new JsonLinesSink<>(dir.resolve("messages"))).name("messages sink");
        deadLetters.sinkTo(new JsonLinesSink<>(dir.resolve("deadletters")), JOB);
        return env.execute(JOB).getJobID();
    }

    private static String message(String msgId, long msgTime) {
        return "{\"corpid\":\"ww1\",\"msgid\":\"" + msgId + "\",\"action\":\"send\",\"from\":\"wmC1\","
                + "\"tolist\":[\"zhangsan\"],\"roomid\":\"wrG1\",\"msgtime\":" + msgTime
                + ",\"msgtype\":\"text\",\"text\":{\"content\":\"hello\"}}";
    }

    /** The lines as archive-topic records in order, with a one-second pause before one of them. */
    static final class ScriptedLines implements GeneratorFunction<Long, RawRecord> {
        private static final long serialVersionUID = 1L;

        private final ArrayList<String> lines;
        private final int pauseBefore;

        ScriptedLines(List<String> lines, int pauseBefore) {
            this.lines = new ArrayList<>(lines);
            this.pauseBefore = pauseBefore;
        }

        @Override
        public RawRecord map(Long index) throws InterruptedException {
            int line = index.intValue();
            if (line == pauseBefore) {
                // The source emits one record per step; watermarks due meanwhile go out before the next one.
                Thread.sleep(1_000);
            }
            return new RawRecord("wecom.archive.messages", 0, line, "messages.jsonl", line + 1, null, lines.get(line));
        }
    }
}
