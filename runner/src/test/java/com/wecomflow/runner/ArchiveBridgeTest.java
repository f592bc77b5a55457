package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run archive-bridge} killed mid-stream (SIGKILL) and restarted: every message ends up in the topic. */
class ArchiveBridgeTest {

    private static final int MESSAGES = 60_000;

    @TempDir
    Path dir;

    @Test
    void aBridgeKilledMidStreamAndRestartedLosesNothing() throws Exception {
        Path input = dir.resolve("messages.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            lines.add("{\"msgid\":\"m" + i + "\",\"action\":\"send\",\"from\":\"wmA" + (i % 50) + "\",\"tolist\":[\"lisi\"],"
                    + "\"roomid\":\"\",\"msgtime\":1795000000000,\"msgtype\":\"text\",\"text\":{\"content\":\"第" + i + "条\"}}");
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path checkpoint = dir.resolve("bridge.checkpoint");

        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"))) {
            Process first = bridge(kafka, input, checkpoint);
            long killedAt = waitForCheckpointAbove(checkpoint, 0, first);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(killedAt).as("killed mid-stream").isLessThan(MESSAGES);

            Process second = bridge(kafka, input, checkpoint);
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isZero();
            assertThat(Files.readString(checkpoint).trim()).isEqualTo(Integer.toString(MESSAGES));

            Set<String> ids = new HashSet<>();
            int records = 0;
            for (String value : TopicExport.readAll(kafka.bootstrapServers(), Topics.ARCHIVE_MESSAGES)) {
                JsonNode message = Json.MAPPER.readTree(value);
                assertThat(message.get("corpid").asText()).isEqualTo("wwbridge");
                assertThat(message.get("seq").asLong()).isEqualTo(Long.parseLong(message.get("msgid").asText().substring(1)));
                ids.add(message.get("msgid").asText());
                records++;
            }
            assertThat(ids).hasSize(MESSAGES);
            assertThat(records).isGreaterThanOrEqualTo(MESSAGES);
        }
    }

    @Test
    void aFileThreeTimesLargerThanTheHeapIsStreamedThrough() throws Exception {
        Path input = dir.resolve("big.jsonl");
        String content = "客户说明天到店签到，".repeat(5_000);
        int lines = 0;
        try (var out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            while (Files.size(input) < 200L * 1024 * 1024 || lines % 1000 != 0) {
                for (int i = 0; i < 1000; i++) {
                    lines++;
                    out.write("{\"msgid\":\"b" + lines + "\",\"action\":\"send\",\"from\":\"wmA\",\"tolist\":[\"lisi\"],"
                            + "\"roomid\":\"\",\"msgtime\":1795000000000,\"msgtype\":\"text\",\"text\":{\"content\":\""
                            + content + "\"}}\n");
                }
                out.flush();
            }
        }
        Path checkpoint = dir.resolve("big.checkpoint");

        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"))) {
            Process bridge = bridge(kafka, input, checkpoint, "-Xmx64m");
            assertThat(bridge.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
            assertThat(bridge.exitValue()).as(Files.readString(Path.of(checkpoint + ".log"))).isZero();
            assertThat(Files.readString(checkpoint).trim()).isEqualTo(Integer.toString(lines));
        }
    }

    /** Runs the bridge in a JVM of its own, so that it can really be killed. */
    private static Process bridge(LocalKafkaBroker kafka, Path input, Path checkpoint, String... jvmOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WeComFlowCli.class.getName(),
                "archive-bridge", "--input", input.toString(), "--corp-id", "wwbridge",
                "--checkpoint", checkpoint.toString(), "--bootstrap-servers", kafka.bootstrapServers()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File(checkpoint + ".log"))
                .start();
    }

    private static long waitForCheckpointAbove(Path checkpoint, long floor, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(checkpoint)) {
                String text = Files.readString(checkpoint).trim();
                if (!text.isEmpty() && Long.parseLong(text) > floor) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the bridge made no progress before it ended");
    }
}
