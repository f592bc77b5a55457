package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.jobs.ChannelCatalogueJob;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.ResultStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running (unbounded) catalogue job on the real broker: an entry put on {@code wecom.channels},
 * changed, and deleted with a null value while the job runs, and a bad line dead-lettered with
 * its reason; the table ends with exactly the entries still in the catalogue.
 */
class ChannelCataloguePipelineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String STORE = "{\"corp_id\":\"ww1\",\"state\":\"store-sh-01\",\"name\":\"徐汇店\",\"kind\":\"store\","
            + "\"region\":\"华东\",\"store\":\"上海徐汇店\"}";
    private static final String POSTER = "{\"corp_id\":\"ww1\",\"state\":\"fis-wmP1\",\"name\":\"春季裂变·wmP1\",\"kind\":\"fission\","
            + "\"campaign\":\"spring\",\"inviter\":\"wmP1\",\"target\":3}";

    @TempDir
    Path dir;

    @Test
    void anEntryAddedChangedAndDeletedWhileTheJobRunsEndsAsTheCatalogueSaysAndABadLineIsADeadLetter() throws Exception {
        Path parts = dir.resolve("parts");
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
                LocalFlinkCluster flink = new LocalFlinkCluster(2, 1, 300);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        WeComKafka.producerSettings(kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            flink.submit(ChannelCatalogueJob.NAME, env -> ChannelCatalogueJob.buildGraph(
                    env,
                    WeComKafka.rawSource(kafka.bootstrapServers(), Topics.CHANNELS, "test", false),
                    ChannelCatalogueJob.Sinks.of(ResultStores.jsonLines(parts), WeComKafka.deadLetterSink(kafka.bootstrapServers()))));

            put(producer, "ww1/store-sh-01", STORE);
            put(producer, "ww1/fis-wmP1", POSTER);
            awaitTable(parts, rows -> rows.size() == 2);

            put(producer, "ww1/store-sh-01", STORE.replace("上海徐汇店", "上海静安店"));
            awaitTable(parts, rows -> rows.stream().anyMatch(row -> row.path("store").asText().equals("上海静安店")));

            put(producer, "ww1/fis-wmP1", null);
            awaitTable(parts, rows -> rows.size() == 1);

            put(producer, "ww1/c-typo", "{\"corp_id\":\"ww1\",\"state\":\"c-typo\",\"nmae\":\"公众号\"}");
            List<JsonNode> deadLetters = awaitDeadLetters(kafka.bootstrapServers());

            assertThat(finalTable(parts)).extracting(JsonNode::toString).containsExactly(Json.MAPPER.readTree("""
                    {"corp_id":"ww1","state":"store-sh-01","name":"徐汇店","kind":"store","campaign":"","region":"华东",
                     "store":"上海静安店","inviter":"","target":0}""").toString());
            assertThat(rowsWritten(parts, "fis-wmP1")).extracting(row -> row.path("is_deleted").asInt(),
                    row -> row.path("inviter").asText(), row -> row.path("target").asInt())
                    .containsExactly(
                            tuple(0, "wmP1", 3),
                            tuple(1, "wmP1", 3));
            assertThat(deadLetters).singleElement().satisfies(letter -> {
                assertThat(letter.path("job").asText()).isEqualTo(ChannelCatalogueJob.NAME);
                assertThat(letter.path("source").asText()).isEqualTo(Topics.CHANNELS);
                assertThat(letter.path("reason").asText()).isEqualTo("channel ww1/c-typo: unknown key nmae (known: corp_id, "
                        + "state, name, kind, campaign, region, store, inviter, target)");
            });
        }
    }

    private static void put(KafkaProducer<String, String> producer, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CHANNELS, key, value)).get();
    }

    private void awaitTable(Path parts, Predicate<List<JsonNode>> shows) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!shows.test(finalTable(parts))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the table did not show the change within " + PATIENCE + ": " + finalTable(parts));
            }
            Thread.sleep(100);
        }
    }

    private static List<JsonNode> awaitDeadLetters(String bootstrapServers) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> letters;
        while ((letters = TopicExport.readAll(bootstrapServers, Topics.DEAD_LETTER)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no dead letter within " + PATIENCE);
            }
            Thread.sleep(100);
        }
        return letters.stream().map(ChannelCataloguePipelineTest::json).toList();
    }

    /** The table as {@code SELECT * FROM channels FINAL} shows it, without versions. */
    private List<JsonNode> finalTable(Path parts) throws IOException {
        Path table = dir.resolve("channels.jsonl");
        FinalTables.reduce(parts.resolve(ResultTable.CHANNELS.tableName()), ResultTable.CHANNELS, table);
        return Replays.readLines(table).stream()
                .map(row -> (JsonNode) ((ObjectNode) row).without(List.of("version", "is_deleted")))
                .toList();
    }

    /** Every row version written for a state, in version order. */
    private static List<JsonNode> rowsWritten(Path parts, String state) throws IOException {
        try (Stream<Path> files = Files.list(parts.resolve(ResultTable.CHANNELS.tableName()))) {
            return files.flatMap(ChannelCataloguePipelineTest::lines)
                    .map(ChannelCataloguePipelineTest::json)
                    .filter(row -> row.path("state").asText().equals(state))
                    .sorted(Comparator.comparingLong(row -> row.path("version").asLong()))
                    .toList();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
