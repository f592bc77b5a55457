package com.wecomflow.jobs;

import com.wecomflow.jobs.catalogue.ChannelParser;
import com.wecomflow.jobs.functions.ChannelCatalogueFunction;
import com.wecomflow.jobs.functions.ChannelKeyOf;
import com.wecomflow.jobs.records.Channel;
import com.wecomflow.jobs.records.ChannelUpdate;
import com.wecomflow.kafka.Topics;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.Parsed;
import com.wecomflow.records.RawRecord;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.ResultStores;
import com.wecomflow.sinks.TableSink;
import com.wecomflow.streams.DeadLetterUnion;
import com.wecomflow.streams.WeComStreams;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The channel catalogue: what each contact-way code ({@code State}) is (a placement's channel
 * code, a region's store code, a fission participant's poster code), from the compacted topic
 * {@code wecom.channels}. Maintains {@code channels}; a bad line is a dead letter.
 */
public final class ChannelCatalogueJob {

    public static final String NAME = "channel-catalogue";

    /** Where the job's rows go. */
    public record Sinks(TableSink<Channel> channels, Sink<DeadLetter> deadLetters) {

        /** The table in every store given. */
        public static Sinks of(ResultStores stores, Sink<DeadLetter> deadLetters) {
            return new Sinks(TableSink.forTable(ResultTable.CHANNELS, stores), deadLetters);
        }
    }

    private ChannelCatalogueJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(NAME, args, job -> buildGraph(
                job.env(),
                job.source(Topics.CHANNELS),
                Sinks.of(job.resultStores(), job.deadLetterSink())));
    }

    public static void buildGraph(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> channelSource, Sinks sinks) {
        DeadLetterUnion deadLetters = new DeadLetterUnion();
        SingleOutputStreamOperator<Channel> channels = WeComStreams
                .topicRecords(env, channelSource, NAME, "channels", new ChannelParser(),
                        TypeInformation.of(ChannelUpdate.class), new TypeHint<Parsed<ChannelUpdate>>() {}.getTypeInfo(),
                        deadLetters)
                .keyBy(new ChannelKeyOf())
                .process(new ChannelCatalogueFunction(), TypeInformation.of(Channel.class))
                .name("channels")
                .uid(NAME + "-channels");
        sinks.channels().attach(channels, NAME);

        deadLetters.sinkTo(sinks.deadLetters(), NAME);
    }
}
