package com.wecomflow.runner;

import static com.wecomflow.runner.GroupStatsScenario.millis;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensitive-words job through the replay path: a rules file, duplicated messages, masking everywhere. */
class AlertsPipelineTest {

    private static final String CORP = "wwcorp0005";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 3);

    @TempDir
    Path dir;

    @Test
    void alertsOncePerMessageAndRuleWithPersonalDataMaskedEverywhere() throws Exception {
        List<String> messages = new ArrayList<>();
        messages.add(text("a1", "lisi", "[\"wmA\"]", "", "加 微 信：１３８　００１３　８０００"));
        messages.add(text("a2", "wmB", "[]", "wrGroup", "我的邮箱 Chen.Li@QQ.com 发我资料，返现吗"));
        messages.add(text("a3", "wmC", "[]", "wrGroup", "用微信支付可以吗，订单号2013800138000"));
        messages.add("{\"msgid\":\"a4\",\"action\":\"recall\",\"from\":\"wmB\",\"tolist\":[],\"roomid\":\"wrGroup\","
                + "\"msgtime\":" + millis(DAY, "10:05:00") + ",\"msgtype\":\"text\",\"text\":{\"content\":\"返现\"},"
                + "\"corpid\":\"" + CORP + "\"}");
        messages.add("{\"msgid\":\"a5\",\"action\":\"send\",\"from\":\"lisi\",\"tolist\":[\"wmA\"],\"roomid\":\"\","
                + "\"msgtime\":" + millis(DAY, "10:06:00") + ",\"msgtype\":\"link\",\"link\":{\"title\":\"返现活动\","
                + "\"description\":\"详情联系 139-0013-9000\",\"link_url\":\"https://example.com\"},\"corpid\":\"" + CORP + "\"}");
        List<String> withDuplicates = new ArrayList<>(messages);
        withDuplicates.addAll(messages);
        Path rules = Files.write(dir.resolve("rules.jsonl"), List.of(
                "{\"rule_id\":\"solicit\",\"type\":\"keyword\",\"words\":[\"加微信\",\"加v\"],\"category\":\"solicitation\",\"severity\":\"high\"}",
                "{\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],\"category\":\"inducement\"}",
                "{\"rule_id\":\"broken\",\"type\":\"regex\",\"pattern\":\"([\"}",
                "{\"rule_id\":\"typo\",\"type\":\"keyword\",\"words\":[\"详情\"],\"categroy\":\"inducement\"}",
                "{\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],\"category\":\"inducement\",\"severity\":\"low\"}"),
                StandardCharsets.UTF_8);

        Path out = replayWithRules(withDuplicates, rules);

        List<JsonNode> table = Replays.readLines(out.resolve("compliance_alerts.jsonl"));
        List<JsonNode> stream = Replays.readLines(out.resolve("alerts.jsonl"));
        assertThat(table).extracting(row -> row.get("msgid").asText() + "/" + row.get("rule_id").asText())
                .containsExactlyInAnyOrder("a1/solicit", "a1/builtin.phone", "a2/builtin.email", "a2/cashback",
                        "a5/cashback", "a5/builtin.phone");
        assertThat(stream).hasSameSizeAs(table);
        assertThat(stream).extracting(row -> row.get("alert_id").asText()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(table.stream().map(row -> row.get("alert_id").asText()).toList());
        JsonNode phone = table.stream().filter(row -> row.get("msgid").asText().equals("a1")
                && row.get("rule_id").asText().equals("builtin.phone")).findFirst().orElseThrow();
        assertThat(phone.get("matched").asText()).isEqualTo("138****8000");
        assertThat(phone.get("sender_type").asText()).isEqualTo("employee");
        assertThat(phone.get("receivers").get(0).asText()).isEqualTo("wmA");
        assertThat(phone.get("msg_time").asText()).isEqualTo(DAY + " 10:00:00.000");
        JsonNode cashback = table.stream().filter(row -> row.get("rule_id").asText().equals("cashback")).findFirst().orElseThrow();
        assertThat(cashback.get("severity").asText()).isEqualTo("low");

        for (String file : List.of("compliance_alerts.jsonl", "alerts.jsonl")) {
            String written = Files.readString(out.resolve(file), StandardCharsets.UTF_8);
            assertThat(written).doesNotContain("13800138000").doesNotContain("13900139000").doesNotContain("0013")
                    .doesNotContain("chen.li").doesNotContain("Chen.Li");
        }
        assertThat(Replays.readLines(out.resolve("deadletter.jsonl")))
                .anySatisfy(letter -> assertThat(letter.get("reason").asText()).startsWith("rule rejected: rule broken"))
                .anySatisfy(letter -> assertThat(letter.get("reason").asText())
                        .startsWith("rule rejected: rule typo: unknown key categroy"));
    }

    private Path replayWithRules(List<String> messages, Path rules) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        Path callbackFile = Files.write(input.resolve("callbacks.jsonl"), List.of(), StandardCharsets.UTF_8);
        Path messageFile = Files.write(input.resolve("messages.jsonl"), messages, StandardCharsets.UTF_8);
        Path out = input.resolve("out");
        new ReplayRunner().run(
                new ReplayRunner.Options(callbackFile, messageFile, rules, PipelineConfig.defaults(), out),
                Progress.silent());
        return out;
    }

    private static String text(String msgId, String from, String toList, String room, String content) {
        int minute = Integer.parseInt(msgId.substring(1));
        return "{\"msgid\":\"" + msgId + "\",\"action\":\"send\",\"from\":\"" + from + "\",\"tolist\":" + toList
                + ",\"roomid\":\"" + room + "\",\"msgtime\":" + millis(DAY, String.format("10:%02d:00", minute - 1))
                + ",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"},\"corpid\":\"" + CORP + "\"}";
    }
}
