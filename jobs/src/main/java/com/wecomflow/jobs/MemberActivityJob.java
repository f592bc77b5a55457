package com.wecomflow.jobs;

import com.wecomflow.cli.JobArguments;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.functions.GroupDailyStatsFunction;
import com.wecomflow.jobs.functions.GroupDayOf;
import com.wecomflow.jobs.functions.GroupMessages;
import com.wecomflow.jobs.functions.MembershipChanges;
import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupDailyStats;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.JsonLinesSink;
import com.wecomflow.streams.DeadLetterUnion;
import com.wecomflow.streams.WeComStreams;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Member activity: how groups live day by day. Reads callback events (membership changes) and
 * archive messages, and maintains {@code group_daily_stats}.
 */
public final class MemberActivityJob {

    public static final String NAME = "member-activity";

    private MemberActivityJob() {}

    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        PipelineConfig config = arguments.config();
        String kafka = arguments.bootstrapServers();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(60_000);
        buildGraph(
                env,
                WeComKafka.rawSource(kafka, Topics.CALLBACK_EVENTS, NAME, false),
                WeComKafka.rawSource(kafka, Topics.ARCHIVE_MESSAGES, NAME, false),
                new JsonLinesSink<>(arguments.resultsDir().resolve(ResultTable.GROUP_DAILY_STATS.tableName())),
                WeComKafka.deadLetterSink(kafka),
                config);
        env.execute(NAME);
    }

    public static void buildGraph(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> callbackSource,
            Source<RawRecord, ?, ?> messageSource,
            Sink<GroupDailyStats> groupDailyStatsSink,
            Sink<DeadLetter> deadLetterSink,
            PipelineConfig config) {
        DeadLetterUnion deadLetters = new DeadLetterUnion();
        DataStream<CallbackEvent> callbacks =
                WeComStreams.callbackEvents(env, callbackSource, NAME, config, deadLetters);
        DataStream<ArchiveMessage> messages =
                WeComStreams.archiveMessages(env, messageSource, NAME, config, deadLetters);

        DataStream<GroupActivity> activity = callbacks
                .flatMap(new MembershipChanges())
                .name("membership changes")
                .uid(NAME + "-membership-changes")
                .union(messages
                        .flatMap(new GroupMessages(config.checkinDetector()))
                        .name("group messages")
                        .uid(NAME + "-group-messages"));

        SingleOutputStreamOperator<GroupDailyStats> groupDailyStats = activity
                .keyBy(new GroupDayOf(config.calendar()))
                .process(
                        new GroupDailyStatsFunction(config.calendar(), config.latenessHorizon()),
                        TypeInformation.of(GroupDailyStats.class))
                .name("group_daily_stats")
                .uid(NAME + "-group-daily-stats");
        deadLetters.add(groupDailyStats.getSideOutput(DeadLetters.TAG));
        groupDailyStats.sinkTo(groupDailyStatsSink).name("group_daily_stats sink").uid(NAME + "-group-daily-stats-sink");

        deadLetters.sinkTo(deadLetterSink, NAME);
    }
}
