package com.wecomflow.runner;

import static com.wecomflow.runner.GroupStatsScenario.DAY_1;
import static com.wecomflow.runner.GroupStatsScenario.memberChange;
import static com.wecomflow.runner.GroupStatsScenario.millis;
import static com.wecomflow.runner.GroupStatsScenario.seconds;
import static com.wecomflow.runner.GroupStatsScenario.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import com.wecomflow.records.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that must neither crash a replay nor lose a record: huge malformed lines, byte-order marks, GBK text. */
class HostileInputReplayTest {

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    @Test
    void malformedLinesOf2And20MegabytesBecomeBoundedDeadLettersAndTheRestIsIntact() throws Exception {
        GroupStatsScenario scenario = new GroupStatsScenario();
        // Over Kafka's default 1 MiB record: read by every job and dead-lettered by each.
        String twoMegabytes = "{\"msgid\":\"huge\",\"text\":{\"content\":\"" + "签".repeat(666_666) + " no closing quote";
        // Over the local broker's 16 MiB record limit: the runner dead-letters it itself.
        String twentyMegabytes = "not json " + "x".repeat(20_000_000);
        List<String> messages = new ArrayList<>(scenario.messages);
        messages.add(3, twoMegabytes);
        List<String> callbacks = new ArrayList<>(scenario.callbacks);
        callbacks.add(1, twentyMegabytes);

        ReplayRunner.Summary summary = Replays.run(dir, "oversized", callbacks, messages, PipelineConfig.defaults());
        Path out = Replays.output(dir, "oversized");

        // The line the runner could not produce is a dead letter, not a produced record.
        assertThat(summary.callbacks()).isEqualTo(callbacks.size() - 1);
        assertThat(summary.messages()).isEqualTo(messages.size());

        assertThat(Replays.rowsWithoutVersion(out, "group_daily_stats"))
                .containsExactlyElementsOf(GroupStatsScenario.expectedGroupDailyStats());
        assertThat(Replays.rowsWithoutVersion(out, "member_daily_activity"))
                .containsExactlyElementsOf(GroupStatsScenario.expectedMemberDailyActivity());
        List<JsonNode> deadLetters = Replays.readLines(out.resolve("deadletter.jsonl"));
        assertThat(deadLetters).hasSize(3 + 2);

        JsonNode big = letterAt(deadLetters, "messages.jsonl", 4);
        assertThat(big.get("source").asText()).isEqualTo("wecom.archive.messages");
        assertThat(big.get("reason").asText()).startsWith("not valid JSON");
        assertThat(big.get("job").asText()).contains("member-activity", "checkin-streaks");
        assertBoundedPrefix(big, twoMegabytes);

        JsonNode huge = letterAt(deadLetters, "callbacks.jsonl", 2);
        assertThat(huge.get("source").asText()).isEqualTo("wecom.callback.events");
        assertThat(huge.get("reason").asText()).isEqualTo("record larger than 16777216 bytes");
        assertBoundedPrefix(huge, twentyMegabytes);
    }

    @Test
    void byteOrderMarksLoseNothingAndGbkLinesAreDeadLettered() throws Exception {
        Charset gbk = Charset.forName("GBK");
        Path callbacks = write("callbacks.jsonl", List.of(
                bom(memberChange("wrBom", "add_member", "[\"wmFirst\"]", seconds(DAY_1, "10:00:00"))),
                utf8(memberChange("wrBom", "add_member", "[\"wmSecond\"]", seconds(DAY_1, "11:00:00")))));
        Path messages = write("messages.jsonl", List.of(
                bom(text("b1", "wmFirst", "wrBom", "加微信聊聊", millis(DAY_1, "12:00:00"))),
                text("b2", "wmSecond", "wrBom", "加微信", millis(DAY_1, "12:30:00")).getBytes(gbk),
                utf8(text("b3", "wmSecond", "wrBom", "你好", millis(DAY_1, "13:00:00")))));
        Path rules = write("rules.jsonl", List.of(
                bom("{\"rule_id\":\"r-first\",\"type\":\"keyword\",\"words\":[\"加微信\"],\"category\":\"solicitation\"}"),
                "{\"rule_id\":\"r-gbk\",\"type\":\"keyword\",\"words\":[\"微信\"]}".getBytes(gbk),
                utf8("{\"rule_id\":\"r-second\",\"type\":\"keyword\",\"words\":[\"你好\"],\"category\":\"greeting\"}")));
        Path out = dir.resolve("out");

        new ReplayRunner().run(
                new ReplayRunner.Options(callbacks, messages, rules, PipelineConfig.defaults(), out), Progress.silent());

        // Two joins (the first only on the BOM line), two messages (the GBK one is not counted).
        assertThat(Replays.rowsWithoutVersion(out, "group_daily_stats"))
                .containsExactly(GroupStatsScenario.row("wrBom", DAY_1, 2, 0, 2, 2, 0));
        // The first rule and the first message make the first alert; the GBK rule matches nothing.
        assertThat(Replays.readLines(out.resolve("alerts.jsonl")))
                .extracting(alert -> alert.get("msgid").asText() + "/" + alert.get("rule_id").asText())
                .containsExactlyInAnyOrder("b1/r-first", "b3/r-second");
        List<JsonNode> deadLetters = Replays.readLines(out.resolve("deadletter.jsonl"));
        assertThat(deadLetters).hasSize(2);
        JsonNode message = letterAt(deadLetters, "messages.jsonl", 2);
        assertThat(message.get("reason").asText()).startsWith("not valid UTF-8 (invalid byte at offset ");
        assertThat(message.get("source").asText()).isEqualTo("wecom.archive.messages");
        assertThat(message.get("raw").asText()).contains("\"msgid\":\"b2\"");
        JsonNode rule = letterAt(deadLetters, "rules.jsonl", 2);
        assertThat(rule.get("reason").asText()).startsWith("rule rejected: not valid UTF-8 (invalid byte at offset ");
    }

    private static void assertBoundedPrefix(JsonNode letter, String line) {
        String raw = letter.get("raw").asText();
        assertThat(letter.get("raw_bytes").asLong()).isEqualTo(line.getBytes(StandardCharsets.UTF_8).length);
        assertThat(line).startsWith(raw);
        assertThat(raw.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(DeadLetter.MAX_RAW_BYTES)
                .isGreaterThan(DeadLetter.MAX_RAW_BYTES - 3);
    }

    private static JsonNode letterAt(List<JsonNode> letters, String file, long line) {
        return letters.stream()
                .filter(letter -> letter.path("file").asText().equals(file) && letter.path("line").asLong() == line)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for " + file + ":" + line + " in " + letters));
    }

    private Path write(String name, List<byte[]> lines) throws Exception {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            content.write(line);
            content.write('\n');
        }
        return Files.write(Files.createDirectories(dir.resolve("input")).resolve(name), content.toByteArray());
    }

    private static byte[] utf8(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bom(String line) {
        byte[] text = utf8(line);
        byte[] marked = new byte[BYTE_ORDER_MARK.length + text.length];
        System.arraycopy(BYTE_ORDER_MARK, 0, marked, 0, BYTE_ORDER_MARK.length);
        System.arraycopy(text, 0, marked, BYTE_ORDER_MARK.length, text.length);
        return marked;
    }
}
