package com.wecomflow.jobs;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.functions.ContactChanges;
import com.wecomflow.jobs.functions.EmployeeDailyBehaviorFunction;
import com.wecomflow.jobs.functions.EmployeeDayOf;
import com.wecomflow.jobs.functions.GroupDailyStatsFunction;
import com.wecomflow.jobs.functions.GroupDayOf;
import com.wecomflow.jobs.functions.GroupMemberOf;
import com.wecomflow.jobs.functions.GroupMembersFunction;
import com.wecomflow.jobs.functions.GroupMessages;
import com.wecomflow.jobs.functions.MemberDailyActivityFunction;
import com.wecomflow.jobs.functions.MemberDayOf;
import com.wecomflow.jobs.functions.MembershipChanges;
import com.wecomflow.jobs.functions.OneToOneMessages;
import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.EmployeeDailyBehavior;
import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupDailyStats;
import com.wecomflow.jobs.records.GroupMembership;
import com.wecomflow.jobs.records.MemberDailyActivity;
import com.wecomflow.kafka.Topics;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.CallbackEvent;
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
 * Member activity: how groups, their members and the employees live day by day, and who is in
 * which group. Reads callback events and archive messages and maintains
 * {@code group_daily_stats}, {@code member_daily_activity}, {@code employee_daily_behavior} and
 * {@code group_members}.
 */
public final class MemberActivityJob {

    public static final String NAME = "member-activity";

    /** Where the job's rows go. */
    public record Sinks(
            TableSink<GroupDailyStats> groupDailyStats,
            TableSink<MemberDailyActivity> memberDailyActivity,
            TableSink<EmployeeDailyBehavior> employeeDailyBehavior,
            TableSink<GroupMembership> groupMembers,
            Sink<DeadLetter> deadLetters) {

        /** The tables in every store given. */
        public static Sinks of(ResultStores stores, Sink<DeadLetter> deadLetters) {
            return new Sinks(
                    TableSink.forTable(ResultTable.GROUP_DAILY_STATS, stores),
                    TableSink.forTable(ResultTable.MEMBER_DAILY_ACTIVITY, stores),
                    TableSink.forTable(ResultTable.EMPLOYEE_DAILY_BEHAVIOR, stores),
                    TableSink.forTable(ResultTable.GROUP_MEMBERS, stores),
                    deadLetters);
        }
    }

    private MemberActivityJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(NAME, args, job -> buildGraph(
                job.env(),
                job.source(Topics.CALLBACK_EVENTS),
                job.source(Topics.ARCHIVE_MESSAGES),
                Sinks.of(job.resultStores(), job.deadLetterSink()),
                job.config()));
    }

    public static void buildGraph(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> callbackSource,
            Source<RawRecord, ?, ?> messageSource,
            Sinks sinks,
            PipelineConfig config) {
        DeadLetterUnion deadLetters = new DeadLetterUnion();
        DataStream<CallbackEvent> callbacks =
                WeComStreams.callbackEvents(env, callbackSource, NAME, config, deadLetters);
        DataStream<ArchiveMessage> messages =
                WeComStreams.archiveMessages(env, messageSource, NAME, config, deadLetters);

        DataStream<GroupActivity> membershipChanges = callbacks
                .flatMap(new MembershipChanges())
                .name("membership changes")
                .uid(NAME + "-membership-changes");
        DataStream<GroupActivity> groupActivity = membershipChanges
                .union(messages
                        .flatMap(new GroupMessages(config.checkinDetector()))
                        .name("group messages")
                        .uid(NAME + "-group-messages"));

        SingleOutputStreamOperator<GroupDailyStats> groupDailyStats = groupActivity
                .keyBy(new GroupDayOf(config.calendar()))
                .process(
                        new GroupDailyStatsFunction(config.calendar(), config.latenessHorizon()),
                        TypeInformation.of(GroupDailyStats.class))
                .name("group_daily_stats")
                .uid(NAME + "-group-daily-stats");
        deadLetters.add(groupDailyStats.getSideOutput(DeadLetters.TAG));
        sinks.groupDailyStats().attach(groupDailyStats, NAME);

        SingleOutputStreamOperator<MemberDailyActivity> memberDailyActivity = groupActivity
                .filter(GroupActivity::isMessage)
                .name("group messages only")
                .uid(NAME + "-group-messages-only")
                .keyBy(new MemberDayOf(config.calendar()))
                .process(
                        new MemberDailyActivityFunction(config.calendar(), config.latenessHorizon()),
                        TypeInformation.of(MemberDailyActivity.class))
                .name("member_daily_activity")
                .uid(NAME + "-member-daily-activity");
        deadLetters.add(memberDailyActivity.getSideOutput(DeadLetters.TAG));
        sinks.memberDailyActivity().attach(memberDailyActivity, NAME);

        SingleOutputStreamOperator<GroupMembership> groupMembers = membershipChanges
                .keyBy(new GroupMemberOf<>())
                .process(new GroupMembersFunction(config.calendar()), TypeInformation.of(GroupMembership.class))
                .name("group_members")
                .uid(NAME + "-group-members");
        sinks.groupMembers().attach(groupMembers, NAME);

        DataStream<CustomerContact> customerContacts = callbacks
                .flatMap(new ContactChanges())
                .name("contact changes")
                .uid(NAME + "-contact-changes")
                .union(messages
                        .flatMap(new OneToOneMessages())
                        .name("one-to-one messages")
                        .uid(NAME + "-one-to-one-messages"));
        SingleOutputStreamOperator<EmployeeDailyBehavior> employeeDailyBehavior = customerContacts
                .keyBy(new EmployeeDayOf(config.calendar()))
                .process(
                        new EmployeeDailyBehaviorFunction(config.calendar(), config.latenessHorizon()),
                        TypeInformation.of(EmployeeDailyBehavior.class))
                .name("employee_daily_behavior")
                .uid(NAME + "-employee-daily-behavior");
        deadLetters.add(employeeDailyBehavior.getSideOutput(DeadLetters.TAG));
        sinks.employeeDailyBehavior().attach(employeeDailyBehavior, NAME);

        deadLetters.sinkTo(sinks.deadLetters(), NAME);
    }
}
