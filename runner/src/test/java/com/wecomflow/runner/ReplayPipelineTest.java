package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.parse.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real graphs on the in-process Kafka broker and a Flink MiniCluster, through {@code ./run replay}'s code path. */
class ReplayPipelineTest {

    @TempDir
    Path dir;

    @Test
    void writesExactGroupDailyStatsAndDeadLetters() throws Exception {
        GroupStatsScenario scenario = new GroupStatsScenario();
        Path out = replay(scenario.callbacks, scenario.messages, "in-order");

        assertThat(rowsWithoutVersion(out.resolve("group_daily_stats.jsonl")))
                .containsExactlyElementsOf(GroupStatsScenario.expectedGroupDailyStats());
        for (JsonNode row : readLines(out.resolve("group_daily_stats.jsonl"))) {
            assertThat(row.get("version").asLong()).isPositive();
        }
        assertThat(rowsWithoutVersion(out.resolve("member_daily_activity.jsonl")))
                .containsExactlyElementsOf(GroupStatsScenario.expectedMemberDailyActivity());
        assertThat(rowsWithoutVersion(out.resolve("employee_daily_behavior.jsonl")))
                .containsExactlyElementsOf(GroupStatsScenario.expectedEmployeeDailyBehavior());

        List<JsonNode> deadLetters = readLines(out.resolve("deadletter.jsonl"));
        assertThat(deadLetters).hasSize(3);
        assertThat(deadLetters).extracting(letter -> letter.get("source").asText())
                .containsExactlyInAnyOrder("wecom.callback.events", "wecom.archive.messages", "wecom.archive.messages");
        JsonNode truncated = deadLetters.stream()
                .filter(letter -> letter.get("source").asText().equals("wecom.callback.events")).findFirst().orElseThrow();
        assertThat(truncated.get("reason").asText()).startsWith("not valid JSON");
        assertThat(truncated.get("raw").asText()).isEqualTo(scenario.callbacks.get(scenario.callbacks.size() - 1));
        assertThat(truncated.get("file").asText()).isEqualTo("callbacks.jsonl");
        assertThat(truncated.get("line").asLong()).isEqualTo(scenario.callbacks.size());
        assertThat(deadLetters).extracting(letter -> letter.get("reason").asText()).contains(
                "field tolist must be an array, got STRING",
                "event time 3000-01-01T00:00:00Z is more than 24 hours ahead of the clock");
        JsonNode future = deadLetters.stream()
                .filter(letter -> letter.get("raw").asText().contains("\"m14\"")).findFirst().orElseThrow();
        assertThat(future.get("raw").asText()).isEqualTo(scenario.messages.get(future.get("line").asInt() - 1));
    }

    @Test
    void shuffledInputGivesTheSameFinalRows() throws Exception {
        GroupStatsScenario scenario = new GroupStatsScenario();
        List<String> callbacks = new ArrayList<>(scenario.callbacks);
        List<String> messages = new ArrayList<>(scenario.messages);
        Random random = new Random(20261121);
        Collections.shuffle(callbacks, random);
        Collections.shuffle(messages, random);
        Collections.reverse(messages);
        // A third retry of a callback and a third pull of a message, arriving last.
        callbacks.add(scenario.callbacks.get(0));
        messages.add(scenario.messages.get(0));

        Path out = replay(callbacks, messages, "shuffled");

        assertThat(rowsWithoutVersion(out.resolve("group_daily_stats.jsonl")))
                .containsExactlyElementsOf(GroupStatsScenario.expectedGroupDailyStats());
        assertThat(rowsWithoutVersion(out.resolve("member_daily_activity.jsonl")))
                .containsExactlyElementsOf(GroupStatsScenario.expectedMemberDailyActivity());
        assertThat(readLines(out.resolve("deadletter.jsonl"))).hasSize(3);
    }

    @Test
    void employeeBehaviourFollowsWeComsDefinitionsInAnyOrderAndWithDuplicates() throws Exception {
        EmployeeBehaviorScenario scenario = new EmployeeBehaviorScenario();
        Path inOrder = replay(scenario.callbacks, scenario.messages, "employees-in-order");
        assertThat(rowsWithoutVersion(inOrder.resolve("employee_daily_behavior.jsonl")))
                .containsExactlyElementsOf(EmployeeBehaviorScenario.expectedEmployeeDailyBehavior());

        List<String> callbacks = new ArrayList<>(scenario.callbacks);
        List<String> messages = new ArrayList<>(scenario.messages);
        callbacks.addAll(scenario.callbacks);
        messages.addAll(scenario.messages.subList(0, 5));
        Random random = new Random(7);
        Collections.shuffle(callbacks, random);
        Collections.shuffle(messages, random);
        Path shuffled = replay(callbacks, messages, "employees-shuffled");
        assertThat(rowsWithoutVersion(shuffled.resolve("employee_daily_behavior.jsonl")))
                .containsExactlyElementsOf(EmployeeBehaviorScenario.expectedEmployeeDailyBehavior());
    }

    private Path replay(List<String> callbacks, List<String> messages, String name) throws Exception {
        Path input = Files.createDirectories(dir.resolve(name));
        Path callbackFile = input.resolve("callbacks.jsonl");
        Path messageFile = input.resolve("messages.jsonl");
        Files.write(callbackFile, callbacks, StandardCharsets.UTF_8);
        Files.write(messageFile, messages, StandardCharsets.UTF_8);
        Path out = input.resolve("out");
        new ReplayRunner().run(
                new ReplayRunner.Options(callbackFile, messageFile, null, PipelineConfig.defaults(), out),
                Progress.silent());
        return out;
    }

    static List<String> rowsWithoutVersion(Path file) throws IOException {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : readLines(file)) {
            ((ObjectNode) row).remove("version");
            rows.add(Json.MAPPER.writeValueAsString(row));
        }
        return rows;
    }

    static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }
}
