package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once alert stream holds every alert of {@code compliance_alerts} (a message's alert
 * once; a monitor's as it moved or was taken back, the last record standing), whatever the
 * time of the message an alert is about: a month-old message (older than the topic's retention)
 * and a message ahead of the broker's clock (beyond what the broker accepts as a record time).
 */
class AlertStreamPipelineTest {

    @TempDir
    Path dir;

    @Test
    void alertStreamHoldsEveryAlertOfTheTableForMessagesOlderThanTheTopicsRetention() throws Exception {
        Path tenant = dir.resolve("tenant");
        new TenantGenerator(30, 200, 3).writeTo(tenant);

        Path out = replay(tenant.resolve(TenantGenerator.CALLBACKS_FILE), tenant.resolve(TenantGenerator.MESSAGES_FILE),
                tenant.resolve(TenantGenerator.RULES_FILE));

        List<String> table = alertIds(out.resolve("compliance_alerts.jsonl"));
        List<JsonNode> stream = Replays.readLines(out.resolve("alerts.jsonl"));
        assertThat(table).hasSizeGreaterThan(20);
        // The stream, applied in order as a consumer applies it (the last record of a key wins, a
        // retraction removes it), holds exactly the table's alerts.
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode alert : stream) {
            JsonNode before = latest.put(alert.get("alert_id").asText(), alert);
            if (before != null) {
                // Only a monitor moves or takes back an alert, and always with a higher version.
                assertThat(alert.get("rule_id").asText()).startsWith("builtin.");
                assertThat(alert.get("version").asLong()).isGreaterThan(before.get("version").asLong());
            }
        }
        assertThat(latest.values().stream().filter(alert -> !alert.get("retracted").asBoolean())
                .map(alert -> alert.get("alert_id").asText()))
                .containsExactlyInAnyOrderElementsOf(table);
        // Word and pattern alerts come once each.
        assertThat(stream.stream().filter(alert -> !alert.get("rule_id").asText().startsWith("builtin.")
                        || List.of("builtin.phone", "builtin.email").contains(alert.get("rule_id").asText()))
                .map(alert -> alert.get("alert_id").asText()))
                .doesNotHaveDuplicates();
    }

    @Test
    void alertStreamHoldsTheAlertOfAMessageHoursAheadOfTheClock() throws Exception {
        // Within the jobs' one-day allowance for WeCom's clock, beyond the broker's one hour for record times.
        long twoHoursAhead = Instant.now().plus(Duration.ofHours(2)).toEpochMilli();
        Path messages = Files.write(dir.resolve("messages.jsonl"), List.of(
                "{\"msgid\":\"ahead\",\"action\":\"send\",\"from\":\"lisi\",\"tolist\":[\"wmA\"],\"roomid\":\"\","
                        + "\"msgtime\":" + twoHoursAhead + ",\"msgtype\":\"text\","
                        + "\"text\":{\"content\":\"电话 13800138000\"},\"corpid\":\"wwcorp0007\"}"),
                StandardCharsets.UTF_8);
        Path callbacks = Files.write(dir.resolve("callbacks.jsonl"), List.of(), StandardCharsets.UTF_8);

        Path out = replay(callbacks, messages, null);

        List<JsonNode> stream = Replays.readLines(out.resolve("alerts.jsonl"));
        assertThat(stream).singleElement().satisfies(alert -> {
            assertThat(alert.get("msgid").asText()).isEqualTo("ahead");
            assertThat(alert.get("rule_id").asText()).isEqualTo("builtin.phone");
        });
        assertThat(alertIds(out.resolve("alerts.jsonl"))).isEqualTo(alertIds(out.resolve("compliance_alerts.jsonl")));
    }

    private Path replay(Path callbacks, Path messages, Path rules) throws Exception {
        Path out = dir.resolve("out");
        new ReplayRunner().run(
                new ReplayRunner.Options(callbacks, messages, rules, PipelineConfig.defaults(), out), Progress.silent());
        return out;
    }

    private static List<String> alertIds(Path file) throws Exception {
        return Replays.readLines(file).stream().map(alert -> alert.get("alert_id").asText()).toList();
    }
}
