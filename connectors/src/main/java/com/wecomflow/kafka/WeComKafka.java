package com.wecomflow.kafka;

import com.wecomflow.parse.Json;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import java.nio.charset.StandardCharsets;
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

    /** The dead-letter topic's sink: idempotent producer, JSON values, keyed by the rejected record's position. */
    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(idempotentProducer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new DeadLetterSerializer())
                .build();
    }

    /** Producer settings for every writer of ours: no duplicates from producer retries, nothing lost on a leader change. */
    public static Properties idempotentProducer() {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return properties;
    }

    private static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(
                    Topics.DEAD_LETTER,
                    null,
                    timestamp,
                    letter.kafkaKey().getBytes(StandardCharsets.UTF_8),
                    Json.toRowJson(letter).getBytes(StandardCharsets.UTF_8));
        }
    }
}
