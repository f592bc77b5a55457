package com.wecomflow.runner;

import static com.wecomflow.runner.GroupStatsScenario.millis;
import static com.wecomflow.runner.GroupStatsScenario.seconds;
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

/**
 * The compliance monitors and behaviour rules through the replay path (Kafka, the sensitive-words
 * job on a MiniCluster): every input record sent twice, as WeCom's retries and overlapping archive
 * pulls do, so a monitor that counted duplicates would alert where it must not.
 */
class MonitorsPipelineTest {

    private static final String CORP = "wwcorp0013";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 3);

    @TempDir
    Path dir;

    private int sequence;

    @Test
    void floodMassDeletionReplyTimeoutAndBehaviourAlertOnceEachWithTheRulesInForce() throws Exception {
        List<String> messages = new ArrayList<>();
        // Three from wmFlood in the 10:00 minute: a flood (flood_messages 3).
        messages.add(groupText("wmFlood", "10:00:01"));
        messages.add(groupText("wmFlood", "10:00:30"));
        messages.add(groupText("wmFlood", "10:00:59"));
        // Two from wmTwice, each sent twice: duplicates do not make it three.
        messages.add(groupText("wmTwice", "10:00:10"));
        messages.add(groupText("wmTwice", "10:00:20"));
        // Three from wmSplit within 3 seconds, but across 10:02:00.
        messages.add(groupText("wmSplit", "10:01:58"));
        messages.add(groupText("wmSplit", "10:01:59"));
        messages.add(groupText("wmSplit", "10:02:00"));
        // Red packets: an employee to a customer (alerts), a customer to an employee (does not). The
        // customer's red packet is also a wait lisi never answers: a reply timeout due at 11:31.
        messages.add(redPacket("rp-staff", "lisi", "wmCustomer", "11:00:00"));
        messages.add(redPacket("rp-customer", "wmCustomer", "lisi", "11:01:00"));

        List<String> callbacks = new ArrayList<>();
        // zhangsan deletes wmA, wmB, wmA again and wmC: the third distinct customer at 15:30.
        callbacks.add(deletion("zhangsan", "wmA", DAY, "15:00:00"));
        callbacks.add(deletion("zhangsan", "wmB", DAY, "15:10:00"));
        callbacks.add(deletion("zhangsan", "wmA", DAY, "15:20:00"));
        callbacks.add(deletion("zhangsan", "wmC", DAY, "15:30:00"));
        // lisi deletes three customers, but over two business days.
        callbacks.add(deletion("lisi", "wmD", DAY, "23:50:00"));
        callbacks.add(deletion("lisi", "wmE", DAY, "23:55:00"));
        callbacks.add(deletion("lisi", "wmF", DAY.plusDays(1), "00:05:00"));

        Path rules = Files.write(dir.resolve("rules.jsonl"), List.of(
                "{\"rule_id\":\"red_packets\",\"type\":\"behavior\",\"msgtypes\":[\"redpacket\"],\"sender\":\"employee\","
                        + "\"chat\":\"single\",\"category\":\"inducement\",\"severity\":\"high\"}",
                "{\"rule_id\":\"builtin.mass_deletion\",\"category\":\"staff_conduct\",\"severity\":\"medium\"}"),
                StandardCharsets.UTF_8);
        PipelineConfig config = PipelineConfig.load(Files.writeString(dir.resolve("config.yaml"),
                "flood_messages: 3\nmass_deletion_threshold: 3\n", StandardCharsets.UTF_8));

        Path out = replay(twice(callbacks), twice(messages), rules, config);

        List<JsonNode> table = Replays.readLines(out.resolve("compliance_alerts.jsonl"));
        assertThat(table).extracting(row -> row.get("rule_id").asText() + " " + row.get("sender").asText() + " "
                        + row.get("msg_time").asText() + " " + row.get("category").asText() + "/" + row.get("severity").asText()
                        + " " + row.get("matched").asText())
                .containsExactlyInAnyOrder(
                        "builtin.flood wmFlood " + DAY + " 10:00:00.000 flood/medium 3 messages in 60 s",
                        "builtin.mass_deletion zhangsan " + DAY + " 15:30:00.000 staff_conduct/medium 3 customers deleted on " + DAY,
                        "red_packets lisi " + DAY + " 11:00:00.000 inducement/high redpacket",
                        "builtin.reply_timeout wmCustomer " + DAY + " 11:01:00.000 service/medium 30 min");
        assertThat(table).allSatisfy(row -> {
            assertThat(row.get("is_deleted").asInt()).isZero();
            assertThat(row.get("version").asLong()).isPositive();
        });
        List<JsonNode> stream = Replays.readLines(out.resolve("alerts.jsonl"));
        assertThat(stream).extracting(row -> row.get("alert_id").asText())
                .containsExactlyInAnyOrderElementsOf(table.stream().map(row -> row.get("alert_id").asText()).toList());
        assertThat(stream).allSatisfy(row -> assertThat(row.get("retracted").asBoolean()).isFalse());
    }

    private Path replay(List<String> callbacks, List<String> messages, Path rules, PipelineConfig config) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        Path callbackFile = Files.write(input.resolve("callbacks.jsonl"), callbacks, StandardCharsets.UTF_8);
        Path messageFile = Files.write(input.resolve("messages.jsonl"), messages, StandardCharsets.UTF_8);
        Path out = input.resolve("out");
        new ReplayRunner().run(new ReplayRunner.Options(callbackFile, messageFile, rules, config, out), Progress.silent());
        return out;
    }

    private static List<String> twice(List<String> records) {
        List<String> doubled = new ArrayList<>(records);
        doubled.addAll(records);
        return doubled;
    }

    private String groupText(String from, String time) {
        return "{\"msgid\":\"g" + sequence++ + "\",\"action\":\"send\",\"from\":\"" + from + "\",\"tolist\":[],"
                + "\"roomid\":\"wrGroup\",\"msgtime\":" + millis(DAY, time) + ",\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"看看\"},\"corpid\":\"" + CORP + "\"}";
    }

    private static String redPacket(String msgId, String from, String to, String time) {
        return "{\"msgid\":\"" + msgId + "\",\"action\":\"send\",\"from\":\"" + from + "\",\"tolist\":[\"" + to + "\"],"
                + "\"roomid\":\"\",\"msgtime\":" + millis(DAY, time) + ",\"msgtype\":\"redpacket\","
                + "\"redpacket\":{\"type\":1,\"wish\":\"恭喜发财\",\"totalcnt\":1,\"totalamount\":888},"
                + "\"corpid\":\"" + CORP + "\"}";
    }

    private static String deletion(String employee, String customer, LocalDate day, String time) {
        return "{\"ToUserName\":\"" + CORP + "\",\"FromUserName\":\"sys\",\"CreateTime\":" + seconds(day, time)
                + ",\"MsgType\":\"event\",\"Event\":\"change_external_contact\",\"ChangeType\":\"del_external_contact\","
                + "\"UserID\":\"" + employee + "\",\"ExternalUserID\":\"" + customer + "\"}";
    }
}
