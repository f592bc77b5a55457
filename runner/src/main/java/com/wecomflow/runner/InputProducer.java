package com.wecomflow.runner;

import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.parse.Json;
import com.wecomflow.records.DeadLetter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a JSON-lines file into a topic, one record per non-blank line, exactly as the ingress
 * would: the line is the value untouched (malformed lines too: the jobs dead-letter them), keyed
 * as the topic's contract says, with the file and line number in headers.
 */
public final class InputProducer implements AutoCloseable {

    /** The largest record the local broker takes; a larger line goes to the dead letters instead. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final String JOB = "replay";

    private final KafkaProducer<String, String> producer;

    public InputProducer(String bootstrapServers) {
        Properties properties = WeComKafka.producerSettings(bootstrapServers);
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES + 64 * 1024));
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /**
     * @param key the record key for a line
     * @return the number of records produced
     */
    public long produce(Path file, String topic, UnaryOperator<String> key, Progress progress) throws IOException {
        long total = countLines(file);
        long produced = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        byte[] fileName = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                ProducerRecord<String, String> record = line.length() * 3L > MAX_RECORD_BYTES
                                && line.getBytes(StandardCharsets.UTF_8).length > MAX_RECORD_BYTES
                        ? tooLarge(topic, file, lineNumber, line)
                        : new ProducerRecord<>(topic, key.apply(line), line);
                record.headers().add(Topics.HEADER_SOURCE_FILE, fileName);
                record.headers().add(Topics.HEADER_SOURCE_LINE,
                        Long.toString(lineNumber).getBytes(StandardCharsets.UTF_8));
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
                produced++;
                if (produced % 1000 == 0) {
                    progress.update(String.format("producing %s: %,d / %,d lines", file.getFileName(), lineNumber, total));
                }
            }
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IOException("producing " + file + " to " + topic + " failed: " + failure.get().getMessage(), failure.get());
        }
        progress.done(String.format("produced %s: %,d records into %s", file.getFileName(), produced, topic));
        return produced;
    }

    /** Sends a dead letter of the runner's own (an input it could not even produce) to the dead-letter topic. */
    public void deadLetter(DeadLetter letter) {
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, letter.kafkaKey(), Json.toRowJson(letter)));
        producer.flush();
    }

    /** A line too large for Kafka becomes a dead letter, with its beginning, rather than stopping the replay. */
    private static ProducerRecord<String, String> tooLarge(String topic, Path file, long lineNumber, String line) {
        DeadLetter letter = new DeadLetter(JOB, "record larger than " + MAX_RECORD_BYTES + " bytes", topic, -1, -1L,
                file.getFileName().toString(), lineNumber, line.substring(0, 4096));
        return new ProducerRecord<>(Topics.DEAD_LETTER, letter.kafkaKey(), Json.toRowJson(letter));
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
