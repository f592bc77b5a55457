package com.wecomflow.jobs;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.functions.ChannelCohortFunction;
import com.wecomflow.jobs.functions.CohortOf;
import com.wecomflow.jobs.functions.CustomerEventsFromCallbacks;
import com.wecomflow.jobs.functions.CustomerEventsFromMessages;
import com.wecomflow.jobs.functions.CustomerJourneyFunction;
import com.wecomflow.jobs.functions.CustomerOf;
import com.wecomflow.jobs.records.ChannelConversionDaily;
import com.wecomflow.jobs.records.CohortChange;
import com.wecomflow.jobs.records.CustomerJourneyRow;
import com.wecomflow.kafka.Topics;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.ResultStores;
import com.wecomflow.sinks.TableSink;
import com.wecomflow.streams.DeadLetterUnion;
import com.wecomflow.streams.WeComStreams;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Channel conversion: per contact-way channel (渠道活码 {@code State}) and day of acquisition, how
 * many new customers joined a group, talked, checked in, or deleted the employee within the
 * attribution window. Maintains {@code channel_conversion_daily}, and {@code customer_journey}: each
 * customer's attribution and first steps, the facts those counts sum.
 */
public final class ChannelConversionJob {

    public static final String NAME = "channel-conversion";

    /** Where the job's rows go. */
    public record Sinks(
            TableSink<ChannelConversionDaily> channelConversionDaily,
            TableSink<CustomerJourneyRow> customerJourney,
            Sink<DeadLetter> deadLetters) {

        /** The tables in every store given. */
        public static Sinks of(ResultStores stores, Sink<DeadLetter> deadLetters) {
            return new Sinks(
                    TableSink.forTable(ResultTable.CHANNEL_CONVERSION_DAILY, stores),
                    TableSink.forTable(ResultTable.CUSTOMER_JOURNEY, stores),
                    deadLetters);
        }
    }

    private ChannelConversionJob() {}

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
        Duration window = Duration.ofDays(config.attributionWindowDays());

        SingleOutputStreamOperator<CohortChange> changes = WeComStreams
                .callbackEvents(env, callbackSource, NAME, config, deadLetters)
                .flatMap(new CustomerEventsFromCallbacks())
                .name("customer events from callbacks")
                .uid(NAME + "-customer-callbacks")
                .union(WeComStreams.archiveMessages(env, messageSource, NAME, config, deadLetters)
                        .flatMap(new CustomerEventsFromMessages(config.checkinDetector()))
                        .name("customer events from messages")
                        .uid(NAME + "-customer-messages"))
                .keyBy(new CustomerOf())
                .process(new CustomerJourneyFunction(config.calendar(), config.latenessHorizon(), window),
                        TypeInformation.of(CohortChange.class))
                .name("customer journeys")
                .uid(NAME + "-customer-journeys");
        deadLetters.add(changes.getSideOutput(DeadLetters.TAG));
        sinks.customerJourney().attach(changes.getSideOutput(CustomerJourneyFunction.JOURNEY_ROWS), NAME);

        SingleOutputStreamOperator<ChannelConversionDaily> cohorts = changes
                .keyBy(new CohortOf())
                .process(new ChannelCohortFunction(config.calendar(), config.latenessHorizon(), window),
                        TypeInformation.of(ChannelConversionDaily.class))
                .name("channel_conversion_daily")
                .uid(NAME + "-channel-conversion-daily");
        deadLetters.add(cohorts.getSideOutput(DeadLetters.TAG));
        sinks.channelConversionDaily().attach(cohorts, NAME);

        deadLetters.sinkTo(sinks.deadLetters(), NAME);
    }
}
