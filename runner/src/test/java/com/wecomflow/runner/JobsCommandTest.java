package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./run jobs} on a real broker: rows appear while it runs, checkpoints appear in the
 * directory, and a second run resumes from them (the group's count goes on from 3 to 4; a run
 * that lost its state would count 1).
 */
class JobsCommandTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 9);
    private static final String GROUP = "wrOpsGroup";

    @TempDir
    Path dir;

    @Test
    void runsEveryJobContinuouslyCheckpointsAndResumesFromTheCheckpoint() throws Exception {
        Path results = dir.resolve("results");
        Path checkpoints = dir.resolve("checkpoints");
        try (LocalKafkaBroker kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
                KafkaProducer<String, String> producer = OperatorKafka.producer(kafka.bootstrapServers())) {
            String[] args = {"--bootstrap-servers", kafka.bootstrapServers(), "--results-dir", results.toString(),
                "--checkpoints", checkpoints.toString(), "--checkpoint-interval-seconds", "1"};
            for (int i = 1; i <= 3; i++) {
                send(producer, i);
            }

            ByteArrayOutputStream firstOutput = new ByteArrayOutputStream();
            try (JobsCommand.Running running = command(args).start(new PrintStream(firstOutput, true, StandardCharsets.UTF_8))) {
                awaitTrue(() -> messagesOfTheGroup(results) == 3, "3 messages counted in group_daily_stats");
                FileTime counted = FileTime.fromMillis(System.currentTimeMillis());
                awaitTrue(() -> checkpointNewerThan(checkpoints.resolve("member-activity"), counted),
                        "a checkpoint completed after the rows were written");
                // The jobs checkpoint independently: each must have completed one before they stop.
                for (String job : EveryJob.NAMES) {
                    awaitTrue(() -> checkpointNewerThan(checkpoints.resolve(job), FileTime.fromMillis(0)),
                            job + " completed a checkpoint");
                }
            }
            assertThat(firstOutput.toString(StandardCharsets.UTF_8))
                    .contains(" with 0 compliance rules (the built-in rules builtin.phone and builtin.email still apply);")
                    .contains("member-activity: no checkpoint yet")
                    .contains("sensitive-words: no checkpoint yet");
            for (String job : EveryJob.NAMES) {
                assertThat(JobsCommand.latestCheckpoint(checkpoints.resolve(job))).as(job).isPresent();
            }

            Set<Path> firstRunFiles = partFiles(results);
            send(producer, 4);
            ByteArrayOutputStream secondOutput = new ByteArrayOutputStream();
            try (JobsCommand.Running running = command(args).start(new PrintStream(secondOutput, true, StandardCharsets.UTF_8))) {
                assertThat(secondOutput.toString(StandardCharsets.UTF_8))
                        .contains("member-activity: resumed from " + checkpoints.resolve("member-activity"));
                awaitTrue(() -> messagesOfTheGroup(results) == 4, "the 4th message counted on top of the restored 3");
            }
            // Resumed, not re-read: the second run wrote one new version of the row (4), not 1, 2, 3, 4 again.
            assertThat(partFiles(results)).containsAll(firstRunFiles);
            assertThat(groupRows(partFiles(results).stream().filter(file -> !firstRunFiles.contains(file))))
                    .extracting(row -> row.get("msg_total").asLong())
                    .containsExactly(4L);
        }
    }

    @Test
    void refusesToRunWithoutAStoreOrWithoutTheTopics() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(WeComFlowCli.execute("jobs", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(2);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("error: give --clickhouse-url, --postgres-url or --results-dir: where the tables go\n");
    }

    @Test
    void anUnreachableClickHouseIsOneErrorLineBeforeAnyJobStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(WeComFlowCli.execute("jobs", "--bootstrap-servers", "127.0.0.1:1",
                    "--clickhouse-url", "http://127.0.0.1:1")).isEqualTo(2);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("error: --clickhouse-url: ClickHouse at http://127.0.0.1:1 is unreachable (");
    }

    private static JobsCommand command(String[] args) {
        JobsCommand command = new JobsCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static void send(KafkaProducer<String, String> producer, int n) throws Exception {
        long time = GroupStatsScenario.millis(DAY, "10:00:0" + n);
        String message = "{\"msgid\":\"ops-" + n + "\",\"action\":\"send\",\"from\":\"wmMember" + n
                + "\",\"tolist\":[],\"roomid\":\"" + GROUP + "\",\"msgtime\":" + time
                + ",\"msgtype\":\"text\",\"text\":{\"content\":\"hello " + n + "\"},\"corpid\":\"" + GroupStatsScenario.CORP
                + "\",\"seq\":" + n + "}";
        producer.send(new ProducerRecord<>(Topics.ARCHIVE_MESSAGES, GROUP, message)).get();
    }

    /** The group's msg_total in its newest row version, or 0 before the first. */
    private static long messagesOfTheGroup(Path results) {
        return groupRows(partFiles(results).stream())
                .stream()
                .max(Comparator.comparingLong(row -> row.get("version").asLong()))
                .map(row -> row.get("msg_total").asLong())
                .orElse(0L);
    }

    private static Set<Path> partFiles(Path results) {
        Path table = results.resolve("group_daily_stats");
        if (!Files.isDirectory(table)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(table)) {
            return files.collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** The group's row versions in these files, complete lines only. */
    private static List<JsonNode> groupRows(Stream<Path> files) {
        return files.flatMap(JobsCommandTest::lines)
                .filter(line -> line.endsWith("}"))
                .map(JobsCommandTest::parse)
                .filter(row -> row.get("chat_id").asText().equals(GROUP))
                .toList();
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(line, e);
        }
    }

    private static boolean checkpointNewerThan(Path jobCheckpoints, FileTime time) {
        try {
            Optional<Path> latest = JobsCommand.latestCheckpoint(jobCheckpoints);
            return latest.isPresent() && Files.getLastModifiedTime(latest.get().resolve("_metadata")).compareTo(time) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
