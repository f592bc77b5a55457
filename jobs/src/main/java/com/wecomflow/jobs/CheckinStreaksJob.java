package com.wecomflow.jobs;

import com.wecomflow.cli.JobArguments;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.functions.CheckinStreaksFunction;
import com.wecomflow.jobs.functions.Checkins;
import com.wecomflow.jobs.functions.GroupMemberOf;
import com.wecomflow.jobs.records.CheckinMilestone;
import com.wecomflow.jobs.records.CheckinStreak;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.JsonLinesSink;
import com.wecomflow.streams.DeadLetterUnion;
import com.wecomflow.streams.WeComStreams;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Check-in streaks: the growth team's check-in challenges (连续签到). Reads archive messages and
 * maintains {@code checkin_streaks} and {@code checkin_milestones}.
 */
public final class CheckinStreaksJob {

    public static final String NAME = "checkin-streaks";

    /** Where the job's rows go. */
    public record Sinks(Sink<CheckinStreak> streaks, Sink<CheckinMilestone> milestones, Sink<DeadLetter> deadLetters) {

        /** JSON-lines sinks under a directory, one folder per table (the local runner's table store). */
        public static Sinks jsonLines(Path directory, Sink<DeadLetter> deadLetters) {
            return new Sinks(
                    new JsonLinesSink<>(directory.resolve(ResultTable.CHECKIN_STREAKS.tableName())),
                    new JsonLinesSink<>(directory.resolve(ResultTable.CHECKIN_MILESTONES.tableName())),
                    deadLetters);
        }
    }

    private CheckinStreaksJob() {}

    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        PipelineConfig config = arguments.config();
        String kafka = arguments.bootstrapServers();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        buildGraph(
                env,
                WeComKafka.rawSource(kafka, Topics.ARCHIVE_MESSAGES, NAME, false),
                Sinks.jsonLines(arguments.resultsDir(), WeComKafka.deadLetterSink(kafka)),
                config);
        env.execute(NAME);
    }

    public static void buildGraph(
            StreamExecutionEnvironment env, Source<RawRecord, ?, ?> messageSource, Sinks sinks, PipelineConfig config) {
        DeadLetterUnion deadLetters = new DeadLetterUnion();
        DataStream<ArchiveMessage> messages =
                WeComStreams.archiveMessages(env, messageSource, NAME, config, deadLetters);

        SingleOutputStreamOperator<CheckinStreak> streaks = messages
                .flatMap(new Checkins(config.checkinDetector(), config.calendar()))
                .name("check-ins")
                .uid(NAME + "-checkins")
                .keyBy(new GroupMemberOf())
                .process(
                        new CheckinStreaksFunction(config.calendar(), config.latenessHorizon(), config.checkinMilestones()),
                        TypeInformation.of(CheckinStreak.class))
                .name("checkin_streaks")
                .uid(NAME + "-checkin-streaks");
        streaks.sinkTo(sinks.streaks()).name("checkin_streaks sink").uid(NAME + "-checkin-streaks-sink");
        streaks.getSideOutput(CheckinStreaksFunction.MILESTONES)
                .sinkTo(sinks.milestones()).name("checkin_milestones sink").uid(NAME + "-checkin-milestones-sink");
        deadLetters.add(streaks.getSideOutput(DeadLetters.TAG));

        deadLetters.sinkTo(sinks.deadLetters(), NAME);
    }
}
