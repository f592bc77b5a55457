package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel-conversion job on the real broker and MiniCluster, through the replay path. */
class ConversionPipelineTest {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir
    Path dir;

    @Test
    void attributesFirstTouchAndCountsStagesWithinTheWindow() throws Exception {
        ConversionScenario scenario = new ConversionScenario();
        Path out = Replays.replay(dir, "in-order", scenario.callbacks, scenario.messages);

        assertThat(Replays.rowsWithoutVersion(out, "channel_conversion_daily"))
                .containsExactlyElementsOf(ConversionScenario.expectedRows());
        assertThat(Replays.rowsWithoutVersion(out, "customer_journey"))
                .containsExactlyElementsOf(ConversionScenario.expectedJourneys());
    }

    @Test
    void shuffledAndDuplicatedInputGivesTheSameRows() throws Exception {
        ConversionScenario scenario = new ConversionScenario();
        List<String> callbacks = new ArrayList<>(scenario.callbacks);
        List<String> messages = new ArrayList<>(scenario.messages);
        callbacks.addAll(scenario.callbacks);
        messages.addAll(scenario.messages.subList(0, 3));
        Random random = new Random(9);
        Collections.shuffle(callbacks, random);
        Collections.shuffle(messages, random);
        Path out = Replays.replay(dir, "shuffled", callbacks, messages);

        assertThat(Replays.rowsWithoutVersion(out, "channel_conversion_daily"))
                .containsExactlyElementsOf(ConversionScenario.expectedRows());
        assertThat(Replays.rowsWithoutVersion(out, "customer_journey"))
                .containsExactlyElementsOf(ConversionScenario.expectedJourneys());
    }

    @Test
    void customerJourneyRolledUpOverTheWindowIsExactlyChannelConversionDaily() throws Exception {
        Path tenant = dir.resolve("tenant");
        new TenantGenerator(21, 400, 12).writeTo(tenant);
        // Not the default window: the roll-up must use the window the job was given.
        PipelineConfig config = new PipelineConfig(null, (Integer) 3, null, null, null, null, null, null, null, null, null);
        Path out = dir.resolve("generated");
        new ReplayRunner().run(new ReplayRunner.Options(tenant.resolve(TenantGenerator.CALLBACKS_FILE),
                tenant.resolve(TenantGenerator.MESSAGES_FILE), null, config, out), Progress.silent());

        List<JsonNode> journeys = Replays.readLines(out.resolve("customer_journey.jsonl"));
        Map<String, List<Long>> rolledUp = rollUp(journeys, Duration.ofDays(3), ZoneId.of(config.timezone()));
        Map<String, List<Long>> cohorts = new TreeMap<>();
        for (JsonNode row : Replays.readLines(out.resolve("channel_conversion_daily.jsonl"))) {
            cohorts.put(cohortKey(row), List.of(row.get("new_customers").asLong(), row.get("joined_group").asLong(),
                    row.get("engaged").asLong(), row.get("checked_in").asLong(), row.get("lost").asLong()));
        }

        assertThat(rolledUp).isEqualTo(cohorts);
        // Not vacuous: every stage was reached, some customers were removed, and some first
        // messages came after the window, which the cohorts do not count but the journeys keep.
        for (int stage = 0; stage < 5; stage++) {
            int index = stage;
            assertThat(cohorts.values().stream().mapToLong(counts -> counts.get(index)).sum()).isPositive();
        }
        assertThat(journeys).anyMatch(row -> !row.get("removed_at").isNull());
        assertThat(journeys).anyMatch(row -> !row.get("first_msg_at").isNull()
                && !isWithinWindow(row, "first_msg_at", Duration.ofDays(3), ZoneId.of(config.timezone())));
    }

    /** The analyst's roll-up: per channel and cohort day, customers and those with each step before the window's end. */
    private static Map<String, List<Long>> rollUp(List<JsonNode> journeys, Duration window, ZoneId zone) {
        Map<String, List<Long>> counts = new TreeMap<>();
        for (JsonNode row : journeys) {
            List<Long> sum = counts.getOrDefault(cohortKey(row), List.of(0L, 0L, 0L, 0L, 0L));
            counts.put(cohortKey(row), List.of(
                    sum.get(0) + 1,
                    sum.get(1) + bit(isWithinWindow(row, "first_group_join_at", window, zone)),
                    sum.get(2) + bit(isWithinWindow(row, "first_msg_at", window, zone)),
                    sum.get(3) + bit(isWithinWindow(row, "first_checkin_at", window, zone)),
                    sum.get(4) + bit(isWithinWindow(row, "lost_at", window, zone))));
        }
        return counts;
    }

    private static String cohortKey(JsonNode row) {
        return row.get("corp_id").asText() + "/" + row.get("state").asText() + "/" + row.get("cohort_date").asText();
    }

    /** Whether the step happened before {@code added_at + window} (steps are never before the add). */
    private static boolean isWithinWindow(JsonNode row, String step, Duration window, ZoneId zone) {
        return !row.get(step).isNull()
                && instant(row.get(step).asText(), zone).isBefore(instant(row.get("added_at").asText(), zone).plus(window));
    }

    private static Instant instant(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime, DATE_TIME).atZone(zone).toInstant();
    }

    private static long bit(boolean value) {
        return value ? 1 : 0;
    }
}
