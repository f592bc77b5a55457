package com.wecomflow.runner;

import com.wecomflow.kafka.RawRecordDeserializer;
import com.wecomflow.parse.ArchiveMessageParser;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.parse.ParseException;
import com.wecomflow.parse.RecordParser;
import com.wecomflow.kafka.Topics;
import com.wecomflow.records.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The floor of the pipeline's work: one plain {@link KafkaConsumer} reading both input topics
 * from the beginning to their end, turning every record into the jobs' {@link RawRecord} and
 * parsing it with the jobs' own parsers, and nothing else.
 */
final class BaselineReader {

    private static final Map<String, RecordParser<?>> PARSERS = Map.of(
            Topics.CALLBACK_EVENTS, new CallbackEventParser(),
            Topics.ARCHIVE_MESSAGES, new ArchiveMessageParser());

    private final String bootstrapServers;

    BaselineReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Reads and parses every record of the input topics; returns how many were read. */
    long readAll() {
        Properties settings = new Properties();
        settings.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long read = 0;
        long parsed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : PARSERS.keySet()) {
                for (PartitionInfo partition : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<TopicPartition> unfinished = new ArrayList<>(partitions);
            while (!unfinished.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    if (parse(record)) {
                        parsed++;
                    }
                }
                unfinished.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
        }
        if (parsed == 0 && read > 0) {
            throw new IllegalStateException("the baseline parsed none of " + read + " records");
        }
        return read;
    }

    private static boolean parse(ConsumerRecord<byte[], byte[]> record) {
        RawRecord raw = RawRecordDeserializer.toRawRecord(record);
        if (raw.text() == null || raw.textProblem() != null) {
            return false;
        }
        try {
            return PARSERS.get(record.topic()).parse(raw.key(), raw.text()).isPresent();
        } catch (ParseException e) {
            return false;
        }
    }
}
