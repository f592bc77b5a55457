package com.wecomflow.runner;

import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.parse.Json;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.text.Utf8Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a JSON-lines file into a topic, one record per non-blank line, exactly as the ingress
 * would: the line's bytes are the value untouched (malformed lines, and lines that are not UTF-8,
 * too: the jobs dead-letter them), keyed as the topic's contract says, with the file and line
 * number in headers. A byte-order mark at the start of the file is not part of the first line.
 */
public final class InputProducer implements AutoCloseable {

    /** The largest record the local broker takes; a larger line goes to the dead letters instead. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    /** Sends of a line, the first included, before a transient failure stops the replay. */
    static final int MAX_SEND_ATTEMPTS = 3;

    private static final String JOB = "replay";

    private final KafkaProducer<String, byte[]> producer;

    public InputProducer(String bootstrapServers) {
        Properties properties = WeComKafka.producerSettings(bootstrapServers);
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES + 64 * 1024));
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * @param key the record key for a line
     * @return the number of records produced into the topic (lines too large for it are dead letters instead)
     */
    public long produce(Path file, String topic, UnaryOperator<String> key, Progress progress) throws IOException {
        long total = countLines(file);
        long produced = 0;
        long tooLarge = 0;
        FailedSends failures = new FailedSends();
        String fileName = file.getFileName().toString();
        try (Utf8Lines lines = Utf8Lines.open(file)) {
            Utf8Lines.Line line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                boolean fits = line.bytes().length <= MAX_RECORD_BYTES;
                ProducerRecord<String, byte[]> record = fits
                        ? new ProducerRecord<>(topic, key.apply(line.text()), line.bytes())
                        : tooLarge(topic, fileName, line);
                record.headers().add(Topics.HEADER_SOURCE_FILE, fileName.getBytes(StandardCharsets.UTF_8));
                record.headers().add(Topics.HEADER_SOURCE_LINE,
                        Long.toString(line.number()).getBytes(StandardCharsets.UTF_8));
                producer.send(record, failures.keepIfFailed(record, line.number()));
                if (fits) {
                    produced++;
                } else {
                    tooLarge++;
                }
                if ((produced + tooLarge) % 1000 == 0) {
                    progress.update(String.format("producing %s: %,d / %,d lines", fileName, line.number(), total));
                }
            }
        }
        producer.flush();
        sendFailedAgain(failures, "producing " + file + " to " + topic, progress);
        progress.done(String.format("produced %s: %,d records into %s%s", fileName, produced, topic,
                tooLarge == 0 ? "" : String.format(" (%,d lines over %,d bytes dead-lettered instead)", tooLarge, MAX_RECORD_BYTES)));
        return produced;
    }

    /** Sends a dead letter of the runner's own (an input it could not even produce) to the dead-letter topic. */
    public void deadLetter(DeadLetter letter) throws IOException {
        FailedSends failures = new FailedSends();
        ProducerRecord<String, byte[]> record = deadLetterRecord(letter);
        long line = letter.line() == null ? -1 : letter.line();
        producer.send(record, failures.keepIfFailed(record, line));
        producer.flush();
        sendFailedAgain(failures, "producing the dead letter of " + letter.file() + " to " + Topics.DEAD_LETTER, Progress.silent());
    }

    /**
     * Sends what failed transiently again, up to {@link #MAX_SEND_ATTEMPTS} sends of a line in all;
     * a line that still fails, or fails for good, stops the replay: none is dropped unnoticed.
     */
    private void sendFailedAgain(FailedSends failures, String what, Progress progress) throws IOException {
        List<FailedSends.FailedSend> failed = failures.take();
        for (int attempt = 1; !failed.isEmpty(); attempt++) {
            if (attempt == MAX_SEND_ATTEMPTS || !FailedSends.allTransient(failed)) {
                throw new IOException(what + " failed: " + FailedSends.describe(failed, attempt), failed.get(0).error());
            }
            progress.update(String.format("%s: sending %,d lines again (%s)", what, failed.size(), failed.get(0).error().getMessage()));
            for (FailedSends.FailedSend failure : failed) {
                producer.send(failure.record(), failures.keepIfFailed(failure.record(), failure.line()));
            }
            producer.flush();
            failed = failures.take();
        }
    }

    /**
     * A line too large for Kafka becomes a dead letter rather than stopping the replay, bounded
     * like every other ({@link DeadLetter#MAX_RAW_BYTES}), with the line's size in bytes as read.
     */
    private static ProducerRecord<String, byte[]> tooLarge(String topic, String fileName, Utf8Lines.Line line) {
        return deadLetterRecord(new DeadLetter(JOB, "record larger than " + MAX_RECORD_BYTES + " bytes", topic, -1, -1L,
                fileName, line.number(), line.text(), (long) line.bytes().length));
    }

    private static ProducerRecord<String, byte[]> deadLetterRecord(DeadLetter letter) {
        return new ProducerRecord<>(Topics.DEAD_LETTER, letter.kafkaKey(), Json.toRowJson(letter).getBytes(StandardCharsets.UTF_8));
    }

    /** Lines as {@link Utf8Lines} counts them, for progress: newlines, plus a last line without one. */
    static long countLines(Path file) throws IOException {
        long lines = 0;
        boolean open = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    open = buffer[i] != '\n';
                    if (!open) {
                        lines++;
                    }
                }
            }
        }
        return open ? lines + 1 : lines;
    }

    @Override
    public void close() {
        producer.close();
    }
}
