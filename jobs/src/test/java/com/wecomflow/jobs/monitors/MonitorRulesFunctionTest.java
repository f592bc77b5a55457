package com.wecomflow.jobs.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleParser;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.records.RawRecord;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class MonitorRulesFunctionTest {

    private long offset;

    private static ComplianceAlert alert(String ruleId, String category, String severity, String id) {
        return new ComplianceAlert(id, "wwcorp", "", "2026-03-02 10:00:00.000", "", "zhangsan", "employee", List.of(),
                ruleId, category, severity, "", "", "2026-03-02 10:00:01.000", 1L, 0);
    }

    private static final ComplianceAlert FLOOD = alert("builtin.flood", "flood", "medium", "f1");
    private static final ComplianceAlert MASS_DELETION = alert("builtin.mass_deletion", "churn", "high", "d1");
    private static final ComplianceAlert REPLY_TIMEOUT = alert("builtin.reply_timeout", "service", "medium", "r1");

    private BroadcastOperatorTestHarness<ComplianceAlert, RawRecord, ComplianceAlert> harness(List<ComplianceRule> startup)
            throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new MonitorRulesFunction(startup), MonitorRulesFunction.RULES);
    }

    private RawRecord rule(String ruleId, String json) {
        return new RawRecord("wecom.compliance.rules", 0, offset++, null, 0, ruleId, json);
    }

    @Test
    void withoutARuleLineEveryMonitorAlertsWithItsDefaults() throws Exception {
        try (var harness = harness(List.of())) {
            for (ComplianceAlert alert : List.of(FLOOD, MASS_DELETION, REPLY_TIMEOUT)) {
                harness.processElement(alert, 0);
            }
            assertThat(harness.extractOutputValues()).containsExactly(FLOOD, MASS_DELETION, REPLY_TIMEOUT);
        }
    }

    @Test
    void aStartupRuleLineDisablesEachMonitorByItsIdAlone() throws Exception {
        for (ComplianceAlert disabled : List.of(FLOOD, MASS_DELETION, REPLY_TIMEOUT)) {
            ComplianceRule off = RuleParser.parse("{\"rule_id\":\"" + disabled.ruleId() + "\",\"enabled\":false}");
            try (var harness = harness(List.of(off))) {
                for (ComplianceAlert alert : List.of(FLOOD, MASS_DELETION, REPLY_TIMEOUT)) {
                    harness.processElement(alert, 0);
                }
                assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::ruleId)
                        .as("disabled " + disabled.ruleId())
                        .containsExactlyElementsOf(List.of(FLOOD, MASS_DELETION, REPLY_TIMEOUT).stream()
                                .filter(alert -> alert != disabled).map(ComplianceAlert::ruleId).toList());
            }
        }
    }

    @Test
    void aRuleLineSetsCategoryAndSeverityAndOnlyWhatItGives() throws Exception {
        try (var harness = harness(List.of(RuleParser.parse(
                "{\"rule_id\":\"builtin.mass_deletion\",\"category\":\"staff_conduct\",\"severity\":\"low\"}")))) {
            harness.processBroadcastElement(rule("builtin.flood", "{\"rule_id\":\"builtin.flood\",\"severity\":\"high\"}"), 0);
            harness.processElement(FLOOD, 0);
            harness.processElement(MASS_DELETION, 0);
            harness.processElement(MASS_DELETION.retraction(2L), 0);

            assertThat(harness.extractOutputValues())
                    .extracting(ComplianceAlert::ruleId, ComplianceAlert::category, ComplianceAlert::severity,
                            ComplianceAlert::isDeleted)
                    .containsExactly(
                            tuple("builtin.flood", "flood", "high", 0),
                            tuple("builtin.mass_deletion", "staff_conduct", "low", 0),
                            tuple("builtin.mass_deletion", "staff_conduct", "low", 1));
        }
    }

    @Test
    void ruleLinesOnTheTopicDisableAndReEnableAMonitorForLaterAlertsAndADeletionRestoresTheStartupLine() throws Exception {
        ComplianceRule startupOff = RuleParser.parse("{\"rule_id\":\"builtin.reply_timeout\",\"enabled\":false}");
        try (var harness = harness(List.of(startupOff))) {
            harness.processElement(alert("builtin.flood", "flood", "medium", "before"), 0);
            harness.processBroadcastElement(rule("builtin.flood", "{\"rule_id\":\"builtin.flood\",\"enabled\":false}"), 0);
            harness.processElement(alert("builtin.flood", "flood", "medium", "while-off"), 0);
            harness.processBroadcastElement(rule("builtin.flood", "{\"rule_id\":\"builtin.flood\",\"enabled\":true}"), 0);
            harness.processElement(alert("builtin.flood", "flood", "medium", "back-on"), 0);
            harness.processElement(alert("builtin.reply_timeout", "service", "medium", "reply-off"), 0);
            harness.processBroadcastElement(rule("builtin.reply_timeout", null), 0);
            harness.processElement(alert("builtin.reply_timeout", "service", "medium", "reply-deleted"), 0);
            // Not a rule at all: ignored here (the word matching dead-letters it), the monitors go on.
            harness.processBroadcastElement(rule("builtin.flood", "{\"rule_id\":\"builtin.flood\",\"enabled\":\"no\"}"), 0);
            harness.processElement(alert("builtin.flood", "flood", "medium", "after-bad-line"), 0);

            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::alertId)
                    .containsExactly("before", "back-on", "reply-deleted", "after-bad-line");
        }
    }
}
