package com.wecomflow.kafka;

import com.wecomflow.parse.Json;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The Kafka sources and sinks every job uses, built one way. */
public final class WeComKafka {

    /** Transactions must end well within the broker's limit (15 minutes by default) and after a checkpoint. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /** The record key of a value written to a topic. */
    @FunctionalInterface
    public interface KeyOf<T> extends Serializable {
        String key(T value);
    }

    private WeComKafka() {}

    /**
     * A source of raw input records. Offsets are committed on checkpoints; a new consumer group
     * starts from the earliest offset.
     *
     * @param bounded stop at the offsets that are the latest when the job starts (replay); else
     *     read forever (production)
     */
    public static KafkaSource<RawRecord> rawSource(String bootstrapServers, String topic, String groupId, boolean bounded) {
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("partition.discovery.interval.ms", bounded ? "-1" : "60000");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The dead-letter topic's sink: idempotent producer, at least once, keyed by the rejected
     * record's position. Kafka's default 1 MiB {@code max.request.size} is enough: a dead letter
     * bounds its raw text ({@link DeadLetter#MAX_RAW_BYTES}), however large the record it rejects.
     */
    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(idempotentProducer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new JsonSerializer<>(Topics.DEAD_LETTER, DeadLetter::kafkaKey))
                .build();
    }

    /**
     * An exactly-once sink of JSON values: records become visible to {@code read_committed}
     * consumers when the checkpoint that covers them completes, so a job restarted from a
     * checkpoint never shows a record twice.
     *
     * @param transactionalIdPrefix unique per job and sink
     */
    public static <T> KafkaSink<T> exactlyOnceJsonSink(
            String bootstrapServers, String topic, KeyOf<T> key, String transactionalIdPrefix) {
        Properties properties = idempotentProducer();
        properties.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(properties)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(new JsonSerializer<>(topic, key))
                .build();
    }

    /** {@link #idempotentProducer()} for a given cluster: how every producer of ours starts. */
    public static Properties producerSettings(String bootstrapServers) {
        Properties properties = idempotentProducer();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /** Producer settings for every writer of ours: no duplicates from producer retries, nothing lost on a leader change. */
    public static Properties idempotentProducer() {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return properties;
    }

    /**
     * Values as JSON with the tables' snake_case names, stamped with the time they are written. Not
     * with the event time Flink offers: a topic's retention counts from a record's time, so an
     * alert about a message older than the retention would be deleted at once, and the broker
     * refuses a record time more than an hour ahead of its clock (a message from a WeCom clock
     * ahead of ours would fail the job).
     */
    private static final class JsonSerializer<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private final KeyOf<T> key;

        JsonSerializer(String topic, KeyOf<T> key) {
            this.topic = topic;
            this.key = key;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T value, KafkaSinkContext context, Long eventTime) {
            return new ProducerRecord<>(
                    topic,
                    null,
                    null,
                    key.key(value).getBytes(StandardCharsets.UTF_8),
                    Json.toRowJson(value).getBytes(StandardCharsets.UTF_8));
        }
    }
}
