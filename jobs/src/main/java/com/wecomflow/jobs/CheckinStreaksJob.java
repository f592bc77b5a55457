package com.wecomflow.jobs;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.functions.CheckinStreaksFunction;
import com.wecomflow.jobs.functions.Checkins;
import com.wecomflow.jobs.functions.GroupMemberOf;
import com.wecomflow.jobs.records.CheckinMilestone;
import com.wecomflow.jobs.records.CheckinStreak;
import com.wecomflow.kafka.Topics;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.ResultStores;
import com.wecomflow.sinks.TableSink;
import com.wecomflow.streams.DeadLetterUnion;
import com.wecomflow.streams.WeComStreams;
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
    public record Sinks(
            TableSink<CheckinStreak> streaks, TableSink<CheckinMilestone> milestones, Sink<DeadLetter> deadLetters) {

        /** The tables in every store given. */
        public static Sinks of(ResultStores stores, Sink<DeadLetter> deadLetters) {
            return new Sinks(
                    TableSink.forTable(ResultTable.CHECKIN_STREAKS, stores),
                    TableSink.forTable(ResultTable.CHECKIN_MILESTONES, stores),
                    deadLetters);
        }
    }

    private CheckinStreaksJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(NAME, args, job -> buildGraph(
                job.env(),
                job.source(Topics.ARCHIVE_MESSAGES),
                Sinks.of(job.resultStores(), job.deadLetterSink()),
                job.config()));
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
                .keyBy(new GroupMemberOf<>())
                .process(
                        new CheckinStreaksFunction(config.calendar(), config.latenessHorizon(), config.checkinMilestones()),
                        TypeInformation.of(CheckinStreak.class))
                .name("checkin_streaks")
                .uid(NAME + "-checkin-streaks");
        sinks.streaks().attach(streaks, NAME);
        sinks.milestones().attach(streaks.getSideOutput(CheckinStreaksFunction.MILESTONES), NAME);
        deadLetters.add(streaks.getSideOutput(DeadLetters.TAG));

        deadLetters.sinkTo(sinks.deadLetters(), NAME);
    }
}
