package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.ingress.ArchiveBridge;
import com.wecomflow.ingress.JsonLinesFeed;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.TopicReader;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.parse.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge against a real broker: input it cannot produce goes to the dead letters, and the checkpoint moves on. */
class ArchiveBridgeDeliveryTest {

    @TempDir
    static Path brokerDir;

    @TempDir
    Path dir;

    private static LocalKafkaBroker kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafkaBroker.start(brokerDir);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void oversizedNonJsonAndNonUtf8LinesAreDeadLetteredAndTheCheckpointPassesThemAcrossARestart() throws Exception {
        Path input = dir.resolve("archive.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write((message("bad1") + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] huge = ("{\"msgid\":\"huge\",\"text\":{\"content\":\"" + "长".repeat(700_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        bytes.write(huge);
        bytes.write('\n');
        bytes.write("this is not JSON\n".getBytes(StandardCharsets.UTF_8));
        bytes.write("{\"msgid\":\"gbk\",\"text\":{\"content\":\"加微信转账\"}}\n".getBytes(Charset.forName("GBK")));
        bytes.write((message("bad5") + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(input, bytes.toByteArray());
        Path checkpoint = dir.resolve("bridge.checkpoint");

        ArchiveBridge.Result first = run(input, checkpoint, producer(new Properties()));

        assertThat(first).isEqualTo(new ArchiveBridge.Result(2, 3));
        assertThat(ArchiveBridge.readCheckpoint(checkpoint)).isEqualTo(5);
        List<JsonNode> letters = deadLettersFrom(input);
        assertThat(letters).extracting(letter -> letter.get("line").asLong()).containsExactly(2L, 3L, 4L);
        assertThat(letters).extracting(letter -> letter.get("job").asText()).containsOnly("archive-bridge");
        assertThat(letters.get(0).get("reason").asText()).startsWith("line of " + huge.length + " bytes is longer than");
        assertThat(letters.get(1).get("reason").asText()).startsWith("not valid JSON");
        assertThat(letters.get(1).get("raw").asText()).isEqualTo("this is not JSON");
        assertThat(letters.get(2).get("reason").asText()).startsWith("not valid UTF-8 (invalid byte at offset");

        Files.writeString(input, message("bad6") + "\n", StandardOpenOption.APPEND);
        ArchiveBridge.Result restarted = run(input, checkpoint, producer(new Properties()));

        assertThat(restarted).isEqualTo(new ArchiveBridge.Result(1, 0));
        assertThat(ArchiveBridge.readCheckpoint(checkpoint)).isEqualTo(6);
        assertThat(archived("wwbad")).containsExactly("bad1@1", "bad5@5", "bad6@6");
        assertThat(deadLettersFrom(input)).hasSize(3);
    }

    @Test
    void aMessageKafkaRefusesAsTooLargeIsDeadLetteredInsteadOfStoppingTheBridge() throws Exception {
        Path input = dir.resolve("large.jsonl");
        Files.writeString(input, message("big1") + "\n"
                + "{\"msgid\":\"big2\",\"text\":{\"content\":\"" + "x".repeat(300_000) + "\"}}\n"
                + message("big3") + "\n");
        Properties smallRequests = new Properties();
        smallRequests.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "100000");
        Path checkpoint = dir.resolve("large.checkpoint");

        ArchiveBridge.Result result = run(input, checkpoint, producer(smallRequests));

        assertThat(result).isEqualTo(new ArchiveBridge.Result(2, 1));
        assertThat(ArchiveBridge.readCheckpoint(checkpoint)).isEqualTo(3);
        List<JsonNode> letters = deadLettersFrom(input);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(letters.get(0).get("reason").asText()).startsWith("Kafka refused it as too large");
        assertThat(letters.get(0).get("raw").asText()).startsWith("{\"msgid\":\"big2\"");
        assertThat(archived("wwbig")).containsExactly("big1@1", "big3@3");
    }

    private static String message(String id) {
        String corp = id.replaceAll("[0-9]", "");
        return "{\"msgid\":\"" + id + "\",\"corpid\":\"ww" + corp + "\",\"action\":\"send\",\"from\":\"wmA\","
                + "\"tolist\":[\"lisi\"],\"roomid\":\"\",\"msgtime\":1795000000000,\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"m\"}}";
    }

    private static ArchiveBridge.Result run(Path input, Path checkpoint, KafkaProducer<String, String> producer)
            throws Exception {
        try (producer) {
            return new ArchiveBridge(producer, "wwdefault", checkpoint).run(JsonLinesFeed.of(input, false), seq -> { });
        }
    }

    private static KafkaProducer<String, String> producer(Properties overrides) {
        Properties properties = WeComKafka.producerSettings(kafka.bootstrapServers());
        properties.putAll(overrides);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** {@code msgid@seq} of the corp's messages, in seq order. */
    private static List<String> archived(String corp) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        for (String value : TopicExport.readAll(kafka.bootstrapServers(), Topics.ARCHIVE_MESSAGES)) {
            JsonNode message = Json.MAPPER.readTree(value);
            if (message.path("corpid").asText().equals(corp)) {
                messages.add(message);
            }
        }
        messages.sort((a, b) -> Long.compare(a.get("seq").asLong(), b.get("seq").asLong()));
        return messages.stream().map(m -> m.get("msgid").asText() + "@" + m.get("seq").asLong()).toList();
    }

    private static List<JsonNode> deadLettersFrom(Path input) throws Exception {
        List<JsonNode> letters = new ArrayList<>();
        TopicReader.readToEnd(kafka.bootstrapServers(), Topics.DEAD_LETTER, record -> {
            try {
                JsonNode letter = Json.MAPPER.readTree(record.value());
                if (letter.path("source").asText().equals(input.toString())) {
                    letters.add(letter);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        letters.sort((a, b) -> Long.compare(a.get("line").asLong(), b.get("line").asLong()));
        return letters;
    }
}
