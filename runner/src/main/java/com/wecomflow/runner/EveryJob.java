package com.wecomflow.runner;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.jobs.ChannelCatalogueJob;
import com.wecomflow.jobs.ChannelConversionJob;
import com.wecomflow.jobs.CheckinStreaksJob;
import com.wecomflow.jobs.MemberActivityJob;
import com.wecomflow.jobs.SensitiveWordsJob;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.records.RawRecord;
import com.wecomflow.sinks.ResultStores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;

/**
 * Every job on one {@link LocalFlinkCluster}, each built by its own {@code buildGraph} with
 * the sinks its production {@code main} uses: the one wiring behind both {@code replay} (bounded
 * sources) and {@code jobs} (unbounded sources, checkpoints in a directory, restarts).
 */
final class EveryJob {

    static final List<String> NAMES =
            List.of(MemberActivityJob.NAME, CheckinStreaksJob.NAME, ChannelConversionJob.NAME, SensitiveWordsJob.NAME,
                    ChannelCatalogueJob.NAME);

    /** The input topics each job reads, by name (the rules topic aside: it carries no records to count). */
    static final Map<String, List<String>> INPUT_TOPICS = Map.of(
            MemberActivityJob.NAME, List.of(Topics.CALLBACK_EVENTS, Topics.ARCHIVE_MESSAGES),
            CheckinStreaksJob.NAME, List.of(Topics.ARCHIVE_MESSAGES),
            ChannelConversionJob.NAME, List.of(Topics.CALLBACK_EVENTS, Topics.ARCHIVE_MESSAGES),
            SensitiveWordsJob.NAME, List.of(Topics.ARCHIVE_MESSAGES, Topics.CALLBACK_EVENTS),
            ChannelCatalogueJob.NAME, List.of(Topics.CHANNELS));

    /** A job's Kafka source of one topic, for a consumer group named after the job. */
    @FunctionalInterface
    interface Sources {
        Source<RawRecord, ?, ?> of(String topic, String groupId);
    }

    private EveryJob() {}

    /**
     * @param stores where the tables are written
     * @param rules the rules in force from each message on (the rules topic then updates them)
     * @param settings each job's own settings by name (see {@link LocalFlinkCluster#submit(String,
     *     LocalFlinkCluster.GraphBuilder, Configuration)})
     */
    static void submit(LocalFlinkCluster flink, String kafka, Sources sources, ResultStores stores,
            PipelineConfig config, List<ComplianceRule> rules,
            Function<String, Configuration> settings) throws Exception {
        for (Map.Entry<String, LocalFlinkCluster.GraphBuilder> job
                : graphs(kafka, sources, stores, config, rules).entrySet()) {
            flink.submit(job.getKey(), job.getValue(), settings.apply(job.getKey()));
        }
    }

    /** Each job's graph by name, built by the job's own {@code buildGraph} with the sinks its {@code main} uses. */
    static Map<String, LocalFlinkCluster.GraphBuilder> graphs(String kafka, Sources sources, ResultStores stores,
            PipelineConfig config, List<ComplianceRule> rules) {
        Map<String, LocalFlinkCluster.GraphBuilder> graphs = new LinkedHashMap<>();
        graphs.put(MemberActivityJob.NAME, env -> MemberActivityJob.buildGraph(
                env,
                sources.of(Topics.CALLBACK_EVENTS, MemberActivityJob.NAME),
                sources.of(Topics.ARCHIVE_MESSAGES, MemberActivityJob.NAME),
                MemberActivityJob.Sinks.of(stores, WeComKafka.deadLetterSink(kafka)),
                config));
        graphs.put(CheckinStreaksJob.NAME, env -> CheckinStreaksJob.buildGraph(
                env,
                sources.of(Topics.ARCHIVE_MESSAGES, CheckinStreaksJob.NAME),
                CheckinStreaksJob.Sinks.of(stores, WeComKafka.deadLetterSink(kafka)),
                config));
        graphs.put(ChannelConversionJob.NAME, env -> ChannelConversionJob.buildGraph(
                env,
                sources.of(Topics.CALLBACK_EVENTS, ChannelConversionJob.NAME),
                sources.of(Topics.ARCHIVE_MESSAGES, ChannelConversionJob.NAME),
                ChannelConversionJob.Sinks.of(stores, WeComKafka.deadLetterSink(kafka)),
                config));
        graphs.put(SensitiveWordsJob.NAME, env -> SensitiveWordsJob.buildGraph(
                env,
                sources.of(Topics.ARCHIVE_MESSAGES, SensitiveWordsJob.NAME),
                sources.of(Topics.CALLBACK_EVENTS, SensitiveWordsJob.NAME),
                sources.of(Topics.COMPLIANCE_RULES, SensitiveWordsJob.NAME + "-rules"),
                rules,
                SensitiveWordsJob.Sinks.of(kafka, stores, WeComKafka.deadLetterSink(kafka)),
                config));
        graphs.put(ChannelCatalogueJob.NAME, env -> ChannelCatalogueJob.buildGraph(
                env,
                sources.of(Topics.CHANNELS, ChannelCatalogueJob.NAME),
                ChannelCatalogueJob.Sinks.of(stores, WeComKafka.deadLetterSink(kafka))));
        return graphs;
    }
}
