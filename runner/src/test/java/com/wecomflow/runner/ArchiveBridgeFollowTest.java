package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.ingress.ArchiveBridge;
import com.wecomflow.ingress.JsonLinesFeed;
import com.wecomflow.kafka.WeComKafka;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bridge that keeps running: checkpoints on a timer, sends standard input as it comes, fails as soon as Kafka does. */
class ArchiveBridgeFollowTest {

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBridges() {
        background.shutdownNow();
    }

    @Test
    void whileFollowingTheCheckpointIsWrittenWithinSecondsThoughFewerThan200MessagesCame() throws Exception {
        Path input = dir.resolve("live.jsonl");
        Files.write(input, messages(1, 150));
        Path checkpoint = dir.resolve("live.checkpoint");
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
                KafkaProducer<String, String> producer = producer(kafka, new Properties())) {
            ArchiveBridge bridge = new ArchiveBridge(producer, "wwlive", checkpoint);
            background.submit(() -> bridge.run(JsonLinesFeed.of(input, true), seq -> { }));

            assertThat(waitForCheckpoint(checkpoint, 150, 4)).isEqualTo(150);
            assertThat(dir.resolve("live.checkpoint.tmp")).doesNotExist();
        }
    }

    @Test
    void standardInputIsSentAsEachLineArrivesNotAtTheEndOfTheInput() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(writer);
        Path checkpoint = dir.resolve("stdin.checkpoint");
        List<Long> acknowledgedBeforeSecondLine = new ArrayList<>();
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
                KafkaProducer<String, String> producer = producer(kafka, new Properties())) {
            ArchiveBridge bridge = new ArchiveBridge(producer, "wwstdin", checkpoint);
            AtomicLong acknowledged = new AtomicLong();
            Future<ArchiveBridge.Result> running =
                    background.submit(() -> bridge.run(JsonLinesFeed.standardInput(stdin), acknowledged::set));

            writer.write(messages(1, 1).get(0).getBytes(StandardCharsets.UTF_8));
            writer.write('\n');
            writer.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (acknowledged.get() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            acknowledgedBeforeSecondLine.add(acknowledged.get());
            writer.write((messages(2, 2).get(0) + "\n").getBytes(StandardCharsets.UTF_8));
            writer.close();

            assertThat(acknowledgedBeforeSecondLine).containsExactly(1L);
            assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(new ArchiveBridge.Result(2, 0));
            assertThat(ArchiveBridge.readCheckpoint(checkpoint)).isEqualTo(2);
        }
    }

    @Test
    void aFailedSendStopsTheBridgeWithoutWaitingForTheNextLine() throws Exception {
        Path input = dir.resolve("doomed.jsonl");
        Files.write(input, messages(1, 1));
        Path checkpoint = dir.resolve("doomed.checkpoint");
        Properties quickToGiveUp = new Properties();
        quickToGiveUp.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        quickToGiveUp.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        quickToGiveUp.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
        try (KafkaProducer<String, String> producer = producer(kafka, quickToGiveUp)) {
            ArchiveBridge bridge = new ArchiveBridge(producer, "wwdoomed", checkpoint);
            Future<ArchiveBridge.Result> running = background.submit(() -> bridge.run(JsonLinesFeed.of(input, true), seq -> { }));
            assertThat(waitForCheckpoint(checkpoint, 1, 10)).isEqualTo(1);

            kafka.close();
            Files.write(input, messages(2, 2), StandardOpenOption.APPEND);

            assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ArchiveBridge.DeliveryFailedException.class)
                    .hasMessageContaining("archive message seq 2")
                    .hasMessageContaining("the checkpoint stays at seq 1");
            assertThat(ArchiveBridge.readCheckpoint(checkpoint)).isEqualTo(1);
            producer.close(java.time.Duration.ZERO);
        }
    }

    private static List<String> messages(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            lines.add("{\"msgid\":\"f" + i + "\",\"action\":\"send\",\"from\":\"wmA\",\"tolist\":[\"lisi\"],\"roomid\":\"\","
                    + "\"msgtime\":1795000000000,\"msgtype\":\"text\",\"text\":{\"content\":\"第" + i + "条\"}}");
        }
        return lines;
    }

    private static KafkaProducer<String, String> producer(LocalKafkaBroker kafka, Properties overrides) {
        Properties properties = WeComKafka.producerSettings(kafka.bootstrapServers());
        properties.putAll(overrides);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static long waitForCheckpoint(Path checkpoint, long expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = ArchiveBridge.readCheckpoint(checkpoint);
            if (seen == expected) {
                return seen;
            }
            Thread.sleep(20);
        }
        return seen;
    }
}
