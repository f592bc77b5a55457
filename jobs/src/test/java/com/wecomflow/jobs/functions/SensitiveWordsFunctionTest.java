package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.kafka.RawRecordDeserializer;
import com.wecomflow.parse.Json;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.RawRecord;
import com.wecomflow.time.BusinessCalendar;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SensitiveWordsFunctionTest {

    private static final String CASHBACK = "{\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],"
            + "\"category\":\"inducement\",\"severity\":\"medium\"}";
    private long offset;

    @Test
    void aRuleAddedAndThenDisabledMidStreamChangesAlertsForLaterMessagesOnly() throws Exception {
        try (BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness = harness(List.of())) {
            harness.processElement(message("m1", "wmA", "下单返现5元"), 0);
            harness.processBroadcastElement(rule("cashback", CASHBACK), 0);
            harness.processElement(message("m2", "wmA", "下单返现5元"), 0);
            harness.processBroadcastElement(rule("cashback", CASHBACK.replace("}", ",\"enabled\":false}")), 0);
            harness.processElement(message("m3", "wmA", "下单返现5元"), 0);
            harness.processBroadcastElement(rule("cashback", CASHBACK), 0);
            harness.processElement(message("m4", "wmA", "下单返现5元"), 0);
            harness.processBroadcastElement(rule("cashback", null), 0);
            harness.processElement(message("m5", "wmA", "下单返现5元"), 0);

            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::msgid).containsExactly("m2", "m4");
        }
    }

    @Test
    void aBadRuleIsDeadLetteredAndTheOthersGoOn() throws Exception {
        try (BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness = harness(List.of())) {
            harness.processBroadcastElement(rule("cashback", CASHBACK), 0);
            harness.processBroadcastElement(rule("broken", "{\"rule_id\":\"broken\",\"type\":\"regex\",\"pattern\":\"([\"}"), 0);
            harness.processElement(message("m1", "wmA", "返现"), 0);

            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::ruleId).containsExactly("cashback");
            assertThat(harness.getSideOutput(DeadLetters.TAG)).singleElement().satisfies(letter -> {
                assertThat(letter.getValue().reason()).startsWith("rule rejected: rule broken: invalid regex");
                assertThat(letter.getValue().source()).isEqualTo("wecom.compliance.rules");
            });
        }
    }

    @Test
    void aRuleWithAnUnknownKeyOnTheTopicIsDeadLetteredNamingTheKey() throws Exception {
        try (BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness = harness(List.of())) {
            harness.processBroadcastElement(rule("cashback", CASHBACK.replace("\"category\"", "\"categroy\"")), 0);
            harness.processElement(message("m1", "wmA", "返现"), 0);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(DeadLetters.TAG)).singleElement().satisfies(letter ->
                    assertThat(letter.getValue().reason()).startsWith("rule rejected: rule cashback: unknown key categroy"));
        }
    }

    @Test
    void aRuleOnTheTopicThatIsNotUtf8IsDeadLetteredNotDecodedIntoGarbage() throws Exception {
        byte[] gbk = CASHBACK.replace("返现", "微信").getBytes(Charset.forName("GBK"));
        RawRecord fromTopic = RawRecordDeserializer.toRawRecord(
                new ConsumerRecord<>("wecom.compliance.rules", 0, 5L, "cashback".getBytes(StandardCharsets.UTF_8), gbk));
        try (BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness = harness(List.of())) {
            harness.processBroadcastElement(rule("cashback", CASHBACK), 0);
            harness.processBroadcastElement(fromTopic, 0);
            harness.processElement(message("m1", "wmA", "返现"), 0);

            // The GBK record did not replace the rule in force.
            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::ruleId).containsExactly("cashback");
            assertThat(harness.getSideOutput(DeadLetters.TAG)).singleElement().satisfies(letter -> {
                assertThat(letter.getValue().reason()).startsWith("rule rejected: not valid UTF-8 (invalid byte at offset ");
                assertThat(letter.getValue().offset()).isEqualTo(5L);
            });
        }
    }

    @Test
    void startupRulesApplyFromTheFirstMessageAndAlertsCarryNoPersonalData() throws Exception {
        List<ComplianceRule> startup = List.of(com.wecomflow.jobs.compliance.RuleParser.parse(CASHBACK));
        try (BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness = harness(startup)) {
            harness.processElement(message("m1", "lisi", "返现请打 138 0013 8000 或发邮件 Wang.Fang@163.com"), 0);

            List<ComplianceAlert> alerts = harness.extractOutputValues();
            assertThat(alerts).extracting(ComplianceAlert::ruleId)
                    .containsExactly("cashback", "builtin.phone", "builtin.email");
            assertThat(alerts).allSatisfy(alert -> {
                String json = Json.toRowJson(alert);
                assertThat(json).doesNotContain("138 0013 8000").doesNotContain("13800138000").doesNotContain("0013")
                        .doesNotContain("wang.fang").doesNotContain("Wang.Fang");
                assertThat(alert.senderType()).isEqualTo("employee");
                assertThat(alert.alertId()).isEqualTo(SensitiveWordsFunction.alertId("m1", alert.ruleId()));
            });
            assertThat(alerts.get(1).matched()).isEqualTo("138****8000");
            assertThat(alerts.get(2).matched()).isEqualTo("w***@163.com");
        }
    }

    @Test
    void aBehaviourRuleAlertsOnAMessageWithoutTextAndIsHotAddedAndDisabled() throws Exception {
        String redPackets = "{\"rule_id\":\"red_packets\",\"type\":\"behavior\",\"msgtypes\":[\"redpacket\"],"
                + "\"sender\":\"employee\",\"chat\":\"single\",\"category\":\"inducement\"}";
        try (BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness = harness(List.of())) {
            harness.processElement(redPacket("p1"), 0);
            harness.processBroadcastElement(rule("red_packets", redPackets), 0);
            harness.processElement(redPacket("p2"), 0);
            harness.processBroadcastElement(rule("red_packets", redPackets.replace("}", ",\"enabled\":false}")), 0);
            harness.processElement(redPacket("p3"), 0);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
                assertThat(alert.msgid()).isEqualTo("p2");
                assertThat(alert.ruleId()).isEqualTo("red_packets");
                assertThat(alert.matched()).isEqualTo("redpacket");
                assertThat(alert.category()).isEqualTo("inducement");
                assertThat(alert.severity()).isEqualTo("medium");
                assertThat(alert.alertId()).isEqualTo(SensitiveWordsFunction.alertId("p2", "red_packets"));
                assertThat(alert.isDeleted()).isZero();
                assertThat(alert.version()).isPositive();
            });
        }
    }

    @Test
    void recallsAndUncountedRecordsAreNotScanned() throws Exception {
        try (BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness =
                harness(List.of(com.wecomflow.jobs.compliance.RuleParser.parse(CASHBACK)))) {
            harness.processElement(new ArchiveMessage("wwcorp", "r1", 1L, "recall", "wmA", new ArrayList<>(), "wrG",
                    1_793_000_000_000L, "revoke", null, new ArrayList<>(List.of("返现"))), 0);
            harness.processElement(new ArchiveMessage("wwcorp", "s1", 2L, "switch", "lisi", new ArrayList<>(), "",
                    1_793_000_000_000L, null, null, new ArrayList<>()), 0);

            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    private static BroadcastOperatorTestHarness<ArchiveMessage, RawRecord, ComplianceAlert> harness(
            List<ComplianceRule> startup) throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new SensitiveWordsFunction("sensitive-words", BusinessCalendar.shanghai(), startup),
                SensitiveWordsFunction.RULES);
    }

    private RawRecord rule(String ruleId, String json) {
        return new RawRecord("wecom.compliance.rules", 0, offset++, null, 0, ruleId, json);
    }

    private static ArchiveMessage redPacket(String msgId) {
        return new ArchiveMessage("wwcorp", msgId, 1L, "send", "lisi", new ArrayList<>(List.of("wmB")), "",
                1_793_000_000_000L, "redpacket", null, new ArrayList<>());
    }

    private static ArchiveMessage message(String msgId, String from, String text) {
        return new ArchiveMessage("wwcorp", msgId, 1L, "send", from, new ArrayList<>(List.of("wmB")), "",
                1_793_000_000_000L, "text", text, new ArrayList<>(List.of(text)));
    }
}
