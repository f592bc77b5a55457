package com.wecomflow.kafka;

import com.wecomflow.records.RawRecord;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads everything a topic holds at this moment, committed records only, partition by
 * partition in offset order, without joining a consumer group: for snapshots of a topic (the
 * rules at a job's start, what replay shows of an output topic).
 */
public final class TopicReader {

    /** How long reading waits for the cluster before giving up. */
    public static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(15);

    private TopicReader() {}

    /** Hands every record up to the current end of each partition to {@code each} (tombstones too). */
    public static void readToEnd(String bootstrapServers, String topic, Consumer<ConsumerRecord<String, String>> each) {
        read(bootstrapServers, topic, new StringDeserializer(), new StringDeserializer(), each);
    }

    /**
     * Like {@link #readToEnd}, each record as the jobs see it ({@link RawRecordDeserializer}): a
     * value that is not valid UTF-8 is marked, not decoded into replacement characters.
     */
    public static void readRawToEnd(String bootstrapServers, String topic, Consumer<RawRecord> each) {
        read(bootstrapServers, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                record -> each.accept(RawRecordDeserializer.toRawRecord(record)));
    }

    private static <K, V> void read(
            String bootstrapServers,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values,
            Consumer<ConsumerRecord<K, V>> each) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // An unreachable cluster is a TimeoutException within PATIENCE, not after Kafka's default minute.
        properties.setProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis()));
        properties.setProperty(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(PATIENCE.toMillis() / 2));
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(properties, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
