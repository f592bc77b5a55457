package com.wecomflow.jobs;

import com.wecomflow.cli.JobArguments;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleTopicSnapshot;
import com.wecomflow.jobs.functions.SensitiveWordsFunction;
import com.wecomflow.jobs.functions.StreamedAlertOf;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.jobs.records.StreamedAlert;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.TableSink;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.streams.DeadLetterUnion;
import com.wecomflow.streams.WeComStreams;
import java.nio.file.Path;
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
 * Sensitive-word alerts for compliance: phone numbers, e-mail addresses and the company's
 * sensitive words in counted messages. Rules are hot-reloaded from the compacted rules topic.
 * Alerts go to the compliance team's stream ({@code wecom.compliance.alerts}) and to
 * {@code compliance_alerts}.
 */
public final class SensitiveWordsJob {

    public static final String NAME = "sensitive-words";

    /** Where the job's alerts go. */
    public record Sinks(Sink<StreamedAlert> alertStream, TableSink<ComplianceAlert> alertTable, Sink<DeadLetter> deadLetters) {

        /**
         * The alert topic (exactly once), and the table in ClickHouse and/or as JSON lines under a
         * directory (either may be null).
         */
        public static Sinks of(String bootstrapServers, Path jsonDirectory, ClickHouseConnection clickHouse,
                Sink<DeadLetter> deadLetters) {
            return new Sinks(
                    WeComKafka.exactlyOnceJsonSink(
                            bootstrapServers, Topics.COMPLIANCE_ALERTS, StreamedAlert::alertId, NAME + "-alerts"),
                    TableSink.forTable(ResultTable.COMPLIANCE_ALERTS, jsonDirectory, clickHouse),
                    deadLetters);
        }
    }

    private SensitiveWordsJob() {}

    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        String kafka = arguments.bootstrapServers();
        StreamExecutionEnvironment env = arguments.environment();
        buildGraph(
                env,
                WeComKafka.rawSource(kafka, Topics.ARCHIVE_MESSAGES, NAME, false),
                WeComKafka.rawSource(kafka, Topics.COMPLIANCE_RULES, NAME + "-rules", false),
                RuleTopicSnapshot.read(kafka),
                Sinks.of(kafka, arguments.resultsDir(), arguments.clickHouse(), WeComKafka.deadLetterSink(kafka)),
                arguments.config());
        env.execute(NAME);
    }

    /**
     * @param startupRules rules in force from the first message on (later updates on the rules
     *     topic override them by rule id)
     */
    public static void buildGraph(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> messageSource,
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

        SingleOutputStreamOperator<ComplianceAlert> alerts = messages
                .connect(rules)
                .process(new SensitiveWordsFunction(NAME, config.calendar(), startupRules),
                        TypeInformation.of(ComplianceAlert.class))
                .name("sensitive-word matching")
                .uid(NAME + "-matching");
        deadLetters.add(alerts.getSideOutput(DeadLetters.TAG));
        alerts.map(new StreamedAlertOf(), TypeInformation.of(StreamedAlert.class))
                .name("alerts as the stream carries them")
                .uid(NAME + "-streamed-alerts")
                .sinkTo(sinks.alertStream())
                .name("alert stream sink")
                .uid(NAME + "-alert-stream-sink");
        sinks.alertTable().attach(alerts, NAME);

        deadLetters.sinkTo(sinks.deadLetters(), NAME);
    }
}
