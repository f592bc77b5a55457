package com.wecomflow.jobs.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.jobs.records.EmployeeDay;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class MassDeletionFunctionTest {

    /** 2026-03-02 09:00:00 in Shanghai. */
    private static final long NINE = Instant.parse("2026-03-02T01:00:00Z").getEpochSecond();
    private static final Duration HORIZON = Duration.ofDays(35);

    private static KeyedOneInputStreamOperatorTestHarness<EmployeeDay, CallbackEvent, ComplianceAlert> harness(int threshold)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new MassDeletionFunction(BusinessCalendar.shanghai(), threshold, HORIZON),
                new DeletingEmployeeDayOf(BusinessCalendar.shanghai()), TypeInformation.of(EmployeeDay.class));
    }

    private static CallbackEvent deletion(String employee, String customer, long seconds) {
        return new CallbackEvent(employee + customer + seconds, "wwcorp", CallbackEvent.CHANGE_EXTERNAL_CONTACT,
                "del_external_contact", seconds, employee, customer, null, null, null, List.of());
    }

    @Test
    void theThresholdThDistinctCustomerAlertsAtItsDeletionTimeAndACustomerDeletedTwiceCountsOnce() throws Exception {
        try (var harness = harness(3)) {
            harness.processElement(deletion("zhangsan", "wmA", NINE), 0);
            harness.processElement(deletion("zhangsan", "wmB", NINE + 60), 0);
            harness.processElement(deletion("zhangsan", "wmA", NINE + 120), 0);
            assertThat(harness.extractOutputValues()).as("two distinct customers, one of them twice").isEmpty();

            harness.processElement(deletion("zhangsan", "wmC", NINE + 180), 0);
            harness.processElement(deletion("zhangsan", "wmD", NINE + 240), 0);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
                assertThat(alert.ruleId()).isEqualTo("builtin.mass_deletion");
                assertThat(alert.msgTime()).isEqualTo("2026-03-02 09:03:00.000");
                assertThat(alert.sender()).isEqualTo("zhangsan");
                assertThat(alert.senderType()).isEqualTo("employee");
                assertThat(alert.msgid()).isEmpty();
                assertThat(alert.category()).isEqualTo("churn");
                assertThat(alert.severity()).isEqualTo("high");
                assertThat(alert.matched()).isEqualTo("3 customers deleted on 2026-03-02");
                assertThat(alert.alertId()).isEqualTo(
                        MonitorAlerts.alertId("builtin.mass_deletion", "zhangsan", "2026-03-02"));
            });
        }
    }

    @Test
    void aLateEarlierDeletionMovesTheAlertTimeWithAHigherVersion() throws Exception {
        try (var harness = harness(3)) {
            harness.processElement(deletion("zhangsan", "wmA", NINE + 600), 0);
            harness.processElement(deletion("zhangsan", "wmB", NINE + 700), 0);
            harness.processElement(deletion("zhangsan", "wmC", NINE + 800), 0);
            // Later deletions after the threshold change nothing.
            harness.processElement(deletion("zhangsan", "wmD", NINE + 900), 0);
            // Late: wmE at 09:05 and wmC again at 09:01 (its earliest deletion now).
            harness.processElement(deletion("zhangsan", "wmE", NINE + 300), 0);
            harness.processElement(deletion("zhangsan", "wmC", NINE + 60), 0);

            List<ComplianceAlert> alerts = harness.extractOutputValues();
            assertThat(alerts).extracting(ComplianceAlert::msgTime).containsExactly(
                    "2026-03-02 09:13:20.000", "2026-03-02 09:11:40.000", "2026-03-02 09:10:00.000");
            assertThat(alerts).extracting(ComplianceAlert::alertId).containsOnly(alerts.get(0).alertId());
            assertThat(alerts.get(1).version()).isGreaterThan(alerts.get(0).version());
            assertThat(alerts.get(2).version()).isGreaterThan(alerts.get(1).version());
            assertThat(alerts).extracting(ComplianceAlert::isDeleted).containsOnly(0);
        }
    }

    @Test
    void eachBusinessDayAndEachEmployeeCountsApart() throws Exception {
        long beforeMidnight = Instant.parse("2026-03-02T15:59:00Z").getEpochSecond();
        try (var harness = harness(2)) {
            harness.processElement(deletion("zhangsan", "wmA", beforeMidnight), 0);
            harness.processElement(deletion("zhangsan", "wmB", beforeMidnight + 120), 0);
            harness.processElement(deletion("lisi", "wmC", beforeMidnight + 10), 0);
            assertThat(harness.extractOutputValues()).as("one each side of midnight in Shanghai; lisi only one").isEmpty();

            harness.processElement(deletion("zhangsan", "wmC", beforeMidnight + 180), 0);
            harness.processElement(deletion("zhangsan", "wmD", beforeMidnight + 30), 0);

            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::msgTime, ComplianceAlert::matched)
                    .containsExactly(
                            tuple("2026-03-03 00:02:00.000", "2 customers deleted on 2026-03-03"),
                            tuple("2026-03-02 23:59:30.000", "2 customers deleted on 2026-03-02"));
        }
    }

    @Test
    void theDaysStateIsClearedOnceTheHorizonHasPassedIt() throws Exception {
        try (var harness = harness(2)) {
            harness.processElement(deletion("zhangsan", "wmA", NINE), 0);
            assertThat(harness.numKeyedStateEntries()).isPositive();
            harness.processWatermark(BusinessCalendar.shanghai().endOf(java.time.LocalDate.of(2026, 3, 2)) + HORIZON.toMillis());
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }
}
