package com.wecomflow.jobs;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleTopicSnapshot;
import com.wecomflow.jobs.functions.ChatOf;
import com.wecomflow.jobs.functions.OneToOneChatMessages;
import com.wecomflow.jobs.functions.ReplyTimeoutFunction;
import com.wecomflow.jobs.functions.SensitiveWordsFunction;
import com.wecomflow.jobs.functions.StreamedAlertOf;
import com.wecomflow.jobs.monitors.ContactRemovals;
import com.wecomflow.jobs.monitors.CountedGroupMessages;
import com.wecomflow.jobs.monitors.DeletingEmployeeDayOf;
import com.wecomflow.jobs.monitors.FloodFunction;
import com.wecomflow.jobs.monitors.FloodWindowOf;
import com.wecomflow.jobs.monitors.MassDeletionFunction;
import com.wecomflow.jobs.monitors.MonitorRulesFunction;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.jobs.records.StreamedAlert;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.ResultStores;
import com.wecomflow.sinks.TableSink;
import com.wecomflow.streams.DeadLetterUnion;
import com.wecomflow.streams.WeComStreams;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Compliance alerts: phone numbers, e-mail addresses, the company's sensitive words and sensitive
 * behaviours in counted messages, and the compliance monitors (flooding in groups, mass deletion
 * of customers; DESIGN section 5b) over messages and callbacks. Rules are hot-reloaded from the
 * compacted rules topic; they also switch the monitors off or re-classify them. Alerts go to the
 * compliance team's stream ({@code wecom.compliance.alerts}) and to {@code compliance_alerts}.
 */
public final class SensitiveWordsJob {

    public static final String NAME = "sensitive-words";

    /** Where the job's alerts go. */
    public record Sinks(Sink<StreamedAlert> alertStream, TableSink<ComplianceAlert> alertTable, Sink<DeadLetter> deadLetters) {

        /** The alert topic (exactly once), and the table in every store given. */
        public static Sinks of(String bootstrapServers, ResultStores stores,
                Sink<DeadLetter> deadLetters) {
            return new Sinks(
                    WeComKafka.exactlyOnceJsonSink(
                            bootstrapServers, Topics.COMPLIANCE_ALERTS, StreamedAlert::alertId, NAME + "-alerts"),
                    TableSink.forTable(ResultTable.COMPLIANCE_ALERTS, stores),
                    deadLetters);
        }
    }

    private SensitiveWordsJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(NAME, args, job -> buildGraph(
                job.env(),
                job.source(Topics.ARCHIVE_MESSAGES),
                job.source(Topics.CALLBACK_EVENTS),
                job.source(Topics.COMPLIANCE_RULES, NAME + "-rules"),
                RuleTopicSnapshot.read(job.bootstrapServers()),
                Sinks.of(job.bootstrapServers(), job.resultStores(), job.deadLetterSink()),
                job.config()));
    }

    /**
     * @param startupRules rules in force from the first message on (later updates on the rules
     *     topic override them by rule id)
     */
    public static void buildGraph(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> messageSource,
            Source<RawRecord, ?, ?> callbackSource,
            Source<RawRecord, ?, ?> ruleSource,
            List<ComplianceRule> startupRules,
            Sinks sinks,
            PipelineConfig config) {
        DeadLetterUnion deadLetters = new DeadLetterUnion();
        DataStream<ArchiveMessage> messages =
                WeComStreams.archiveMessagesOfAnyAge(env, messageSource, NAME, config, deadLetters);
        BroadcastStream<RawRecord> rules = env
                .fromSource(ruleSource, WatermarkStrategy.noWatermarks(), NAME + ": read rules")
                .uid(NAME + "-rules-source")
                .setParallelism(1)
                .broadcast(SensitiveWordsFunction.RULES);

        SingleOutputStreamOperator<ComplianceAlert> matched = messages
                .connect(rules)
                .process(new SensitiveWordsFunction(NAME, config.calendar(), startupRules),
                        TypeInformation.of(ComplianceAlert.class))
                .name("sensitive-word matching")
                .uid(NAME + "-matching");
        deadLetters.add(matched.getSideOutput(DeadLetters.TAG));

        DataStream<CallbackEvent> callbacks =
                WeComStreams.callbackEvents(env, callbackSource, NAME, config, deadLetters);
        DataStream<ComplianceAlert> monitored = monitorAlerts(messages, callbacks, config, deadLetters)
                .connect(rules)
                .process(new MonitorRulesFunction(startupRules), TypeInformation.of(ComplianceAlert.class))
                .name("monitor rules in force")
                .uid(NAME + "-monitor-rules");

        DataStream<ComplianceAlert> alerts = matched.union(monitored);
        alerts.map(new StreamedAlertOf(), TypeInformation.of(StreamedAlert.class))
                .name("alerts as the stream carries them")
                .uid(NAME + "-streamed-alerts")
                .sinkTo(sinks.alertStream())
                .name("alert stream sink")
                .uid(NAME + "-alert-stream-sink");
        sinks.alertTable().attach(alerts, NAME);

        deadLetters.sinkTo(sinks.deadLetters(), NAME);
    }

    /**
     * Every compliance monitor's alerts, each from its own keyed function, before the rules in force
     * apply to them. A monitor emits alerts, moved alerts (same id, higher version) and retractions.
     */
    private static DataStream<ComplianceAlert> monitorAlerts(
            DataStream<ArchiveMessage> messages,
            DataStream<CallbackEvent> callbacks,
            PipelineConfig config,
            DeadLetterUnion deadLetters) {
        SingleOutputStreamOperator<ComplianceAlert> floods = messages
                .filter(new CountedGroupMessages())
                .name("counted group messages")
                .uid(NAME + "-counted-group-messages")
                .keyBy(new FloodWindowOf(config.floodWindow()))
                .process(new FloodFunction(config.calendar(), config.floodMessages(), config.floodWindow(),
                                config.latenessHorizon()),
                        TypeInformation.of(ComplianceAlert.class))
                .name(ComplianceRule.BUILTIN_FLOOD)
                .uid(NAME + "-flood");
        deadLetters.add(floods.getSideOutput(DeadLetters.TAG));

        SingleOutputStreamOperator<ComplianceAlert> massDeletions = callbacks
                .filter(new ContactRemovals())
                .name("customers deleted by employees")
                .uid(NAME + "-contact-removals")
                .keyBy(new DeletingEmployeeDayOf(config.calendar()))
                .process(new MassDeletionFunction(config.calendar(), config.massDeletionThreshold(),
                                config.latenessHorizon()),
                        TypeInformation.of(ComplianceAlert.class))
                .name(ComplianceRule.BUILTIN_MASS_DELETION)
                .uid(NAME + "-mass-deletion");
        deadLetters.add(massDeletions.getSideOutput(DeadLetters.TAG));

        SingleOutputStreamOperator<ComplianceAlert> replyTimeouts = messages
                .flatMap(new OneToOneChatMessages())
                .name("one-to-one chat messages")
                .uid(NAME + "-one-to-one-chat-messages")
                .keyBy(new ChatOf())
                .process(new ReplyTimeoutFunction(NAME, config.calendar(), config.latenessHorizon(),
                                config.replyTimeout()),
                        TypeInformation.of(ComplianceAlert.class))
                .name(ComplianceRule.BUILTIN_REPLY_TIMEOUT)
                .uid(NAME + "-reply-timeout");
        deadLetters.add(replyTimeouts.getSideOutput(DeadLetters.TAG));

        return floods.union(massDeletions, replyTimeouts);
    }
}
