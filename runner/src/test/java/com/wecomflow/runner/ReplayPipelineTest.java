package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

        assertThat(Replays.rowsWithoutVersion(out, "group_daily_stats"))
                .containsExactlyElementsOf(GroupStatsScenario.expectedGroupDailyStats());
        for (JsonNode row : Replays.readLines(out.resolve("group_daily_stats.jsonl"))) {
            assertThat(row.get("version").asLong()).isPositive();
        }
        assertThat(Replays.rowsWithoutVersion(out, "member_daily_activity"))
                .containsExactlyElementsOf(GroupStatsScenario.expectedMemberDailyActivity());
        assertThat(Replays.rowsWithoutVersion(out, "employee_daily_behavior"))
                .containsExactlyElementsOf(GroupStatsScenario.expectedEmployeeDailyBehavior());

        List<JsonNode> deadLetters = Replays.readLines(out.resolve("deadletter.jsonl"));
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

        assertThat(Replays.rowsWithoutVersion(out, "group_daily_stats"))
                .containsExactlyElementsOf(GroupStatsScenario.expectedGroupDailyStats());
        assertThat(Replays.rowsWithoutVersion(out, "member_daily_activity"))
                .containsExactlyElementsOf(GroupStatsScenario.expectedMemberDailyActivity());
        assertThat(Replays.readLines(out.resolve("deadletter.jsonl"))).hasSize(3);
    }

    @Test
    void employeeBehaviourFollowsWeComsDefinitionsInAnyOrderAndWithDuplicates() throws Exception {
        EmployeeBehaviorScenario scenario = new EmployeeBehaviorScenario();
        Path inOrder = replay(scenario.callbacks, scenario.messages, "employees-in-order");
        assertThat(Replays.rowsWithoutVersion(inOrder, "employee_daily_behavior"))
                .containsExactlyElementsOf(EmployeeBehaviorScenario.expectedEmployeeDailyBehavior());

        List<String> callbacks = new ArrayList<>(scenario.callbacks);
        List<String> messages = new ArrayList<>(scenario.messages);
        callbacks.addAll(scenario.callbacks);
        messages.addAll(scenario.messages.subList(0, 5));
        Random random = new Random(7);
        Collections.shuffle(callbacks, random);
        Collections.shuffle(messages, random);
        Path shuffled = replay(callbacks, messages, "employees-shuffled");
        assertThat(Replays.rowsWithoutVersion(shuffled, "employee_daily_behavior"))
                .containsExactlyElementsOf(EmployeeBehaviorScenario.expectedEmployeeDailyBehavior());
    }

    private Path replay(List<String> callbacks, List<String> messages, String name) throws Exception {
        return Replays.replay(dir, name, callbacks, messages);
    }
}
