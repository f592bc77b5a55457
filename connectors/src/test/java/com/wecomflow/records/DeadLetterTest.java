package com.wecomflow.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    /** Kafka's default {@code max.request.size}, which the dead-letter producers keep. */
    private static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = (int) ProducerConfig.configDef()
            .defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

    private static RawRecord record(String text) {
        return new RawRecord("wecom.archive.messages", 1, 42, "messages.jsonl", 7, "k", text);
    }

    @Test
    void aLargeRecordKeepsItsSizeAndABoundedPrefix() throws Exception {
        String raw = "{\"msgid\":\"" + "签".repeat(1_000_000) + "x";

        DeadLetter letter = DeadLetter.of("member-activity", "not valid JSON", record(raw));

        assertThat(letter.rawBytes()).isEqualTo(raw.getBytes(StandardCharsets.UTF_8).length);
        assertThat(letter.raw().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(DeadLetter.MAX_RAW_BYTES)
                .isGreaterThan(DeadLetter.MAX_RAW_BYTES - 3);
        assertThat(raw).startsWith(letter.raw());
        JsonNode json = Json.MAPPER.readTree(Json.toRowJson(letter));
        assertThat(json.get("raw_bytes").asLong()).isEqualTo(3_000_011L);
        assertThat(json.get("line").asLong()).isEqualTo(7);
    }

    @Test
    void aSmallRecordIsKeptWholeWithItsSize() {
        DeadLetter letter = DeadLetter.of("member-activity", "not valid JSON", record("{签"));

        assertThat(letter.raw()).isEqualTo("{签");
        assertThat(letter.rawBytes()).isEqualTo(4L);
    }

    @Test
    void boundingAgainChangesNothing() {
        DeadLetter letter = DeadLetter.of("replay", "too large", record("a".repeat(5_000_000)));

        DeadLetter copy = new DeadLetter(letter.job(), letter.reason(), letter.source(), letter.partition(),
                letter.offset(), letter.file(), letter.line(), letter.raw(), letter.rawBytes());

        assertThat(copy).isEqualTo(letter);
        assertThat(copy.rawBytes()).isEqualTo(5_000_000L);
    }

    @Test
    void theWorstDeadLetterFitsKafkasDefaultRecordSize() {
        // Control characters are written as six-byte escapes: the most a bounded text can grow.
        String raw = "\u0001".repeat(10_000_000);
        String reason = "\u0002".repeat(1_000_000);

        DeadLetter letter = new DeadLetter("j".repeat(100), reason, "wecom.archive.messages", 0, Long.MAX_VALUE,
                "f".repeat(255), Long.MAX_VALUE, raw);
        byte[] value = Json.toRowJson(letter).getBytes(StandardCharsets.UTF_8);
        byte[] key = letter.kafkaKey().getBytes(StandardCharsets.UTF_8);

        assertThat(KAFKA_DEFAULT_MAX_REQUEST_SIZE).isEqualTo(1024 * 1024);
        assertThat(value.length + key.length).isLessThan(KAFKA_DEFAULT_MAX_REQUEST_SIZE - 1024);
        assertThat(letter.rawBytes()).isEqualTo(10_000_000L);
        assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON_CHARS).endsWith("…");
    }

    @Test
    void anEventRefusedAfterParsingIsBoundedToo() {
        DeadLetter letter = DeadLetter.ofEvent("lateness-gate", "late", java.util.Map.of("text", "x".repeat(200_000)));

        assertThat(letter.raw().length()).isEqualTo(DeadLetter.MAX_RAW_BYTES);
        assertThat(letter.rawBytes()).isEqualTo(200_011L);
    }
}
