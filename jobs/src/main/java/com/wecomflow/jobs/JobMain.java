package com.wecomflow.jobs;

import com.wecomflow.cli.JobArguments;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import com.wecomflow.sinks.ResultStores;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What every job's {@code main} shares: its arguments parsed, its environment set up, its Kafka
 * sources named after the job, and the graph executed. A job's {@code main} only says which
 * topics and sinks its graph-building method gets.
 */
public final class JobMain {

    /** Builds a job's graph from its production wiring. */
    @FunctionalInterface
    public interface Wiring {
        void build(Production job) throws Exception;
    }

    /** The production wiring of one job: its environment, arguments and Kafka. */
    public record Production(String name, StreamExecutionEnvironment env, JobArguments arguments) {

        /** The job's source of a topic, read from its consumer group's committed offsets (earliest at first). */
        public KafkaSource<RawRecord> source(String topic) {
            return source(topic, name);
        }

        /** A source of a topic in a consumer group of its own (a broadcast input read whole by every run). */
        public KafkaSource<RawRecord> source(String topic, String groupId) {
            return WeComKafka.rawSource(bootstrapServers(), topic, groupId, false);
        }

        public Sink<DeadLetter> deadLetterSink() {
            return WeComKafka.deadLetterSink(bootstrapServers());
        }

        public String bootstrapServers() {
            return arguments.bootstrapServers();
        }

        /** Every store the job's options name: ClickHouse, PostgreSQL, JSON lines. */
        public ResultStores resultStores() throws IOException {
            return arguments.resultStores();
        }

        public PipelineConfig config() throws IOException {
            return arguments.config();
        }
    }

    private JobMain() {}

    public static void run(String name, String[] args, Wiring wiring) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        StreamExecutionEnvironment env = arguments.environment();
        wiring.build(new Production(name, env, arguments));
        env.execute(name);
    }
}
