package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.records.Cohort;
import com.wecomflow.jobs.records.CohortChange;
import com.wecomflow.jobs.records.Customer;
import com.wecomflow.jobs.records.CustomerEvent;
import com.wecomflow.jobs.records.CustomerEvent.Kind;
import com.wecomflow.jobs.records.CustomerJourneyRow;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CustomerJourneyFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
    private static final long T = CALENDAR.startOf(DAY) + 10 * 3600_000L;
    private static final long HOURS = 3_600_000L;
    private static final long DAYS = 86_400_000L;

    @Test
    void aLateEarlierAddMovesTheCustomerWithItsStagesToTheRightCohort() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness = harness()) {
            send(harness, new CustomerEvent("wwcorp", "wmD", Kind.SENT_MESSAGE, T - DAYS, null, null));
            send(harness, new CustomerEvent("wwcorp", "wmD", Kind.ADDED, T, "xhs", "lisi"));
            send(harness, new CustomerEvent("wwcorp", "wmD", Kind.ADDED, T - 2 * DAYS, "douyin", "lisi"));

            assertThat(harness.extractOutputValues()).containsExactly(
                    new CohortChange(new Cohort("wwcorp", "xhs", DAY), 1, 0, 0, 0, 0),
                    new CohortChange(new Cohort("wwcorp", "xhs", DAY), -1, 0, 0, 0, 0),
                    new CohortChange(new Cohort("wwcorp", "douyin", DAY.minusDays(2)), 1, 0, 1, 0, 0));
        }
    }

    @Test
    void anAddOlderThanTheHorizonIsDeadLetteredAndChangesNothing() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness = harness()) {
            send(harness, new CustomerEvent("wwcorp", "wmD", Kind.ADDED, T, "xhs", "lisi"));
            harness.processWatermark(new Watermark(T + 40 * DAYS));
            send(harness, new CustomerEvent("wwcorp", "wmD", Kind.ADDED, T - 2 * DAYS, "douyin", "lisi"));

            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.getSideOutput(DeadLetters.TAG)).hasSize(1);
        }
    }

    @Test
    void aClosedJourneyKeepsItsAttributionButNotItsEventTimes() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness = harness()) {
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.ADDED, T, "douyin", "lisi"));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.JOINED_GROUP, T + DAYS, null, null));
            harness.processWatermark(new Watermark(T + 60 * DAYS));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.ADDED, T + 59 * DAYS, "xhs", "wangwu"));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T + 59 * DAYS, null, null));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T + 59 * DAYS + 1, null, null));

            assertThat(harness.extractOutputValues()).containsExactly(
                    new CohortChange(new Cohort("wwcorp", "douyin", DAY), 1, 0, 0, 0, 0),
                    new CohortChange(new Cohort("wwcorp", "douyin", DAY), 0, 1, 0, 0, 0));
            // The journey and its row version, no timers: a closed journey needs none.
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(rowsWithoutVersion(harness)).containsExactly(
                    row("wmA", "douyin", "lisi", "2026-11-02 10:00:00.000", DAY, null, null, null, null, null),
                    row("wmA", "douyin", "lisi", "2026-11-02 10:00:00.000", DAY,
                            "2026-11-03 10:00:00.000", null, null, null, null),
                    // First message 59 days after the add, long after the window closed.
                    row("wmA", "douyin", "lisi", "2026-11-02 10:00:00.000", DAY,
                            "2026-11-03 10:00:00.000", "2026-12-31 10:00:00.000", null, null, null));
        }
    }

    @Test
    void aRowIsEmittedOnlyWhenItChangesWithRisingVersions() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness = harness()) {
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T - DAYS, null, null));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.ADDED, T, "xhs", "wangwu"));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T + 2 * HOURS, null, null));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T + 3 * HOURS, null, null));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T + 2 * HOURS, null, null));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.ADDED, T + DAYS, "store", "lisi"));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.DELETED_EMPLOYEE, T + 2 * DAYS, null, "lisi"));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.REMOVED_BY_EMPLOYEE, T + 2 * DAYS, null, "lisi"));
            send(harness, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T + HOURS, null, null));

            List<CustomerJourneyRow> rows = rows(harness);
            assertThat(rows).extracting(CustomerJourneyRow::firstMsgAt).containsExactly(
                    null, "2026-11-02 12:00:00.000", "2026-11-02 11:00:00.000");
            assertThat(rows).extracting(CustomerJourneyRow::version).isSorted().doesNotHaveDuplicates();
            assertThat(rows.get(0).version()).isPositive();
        }
    }

    @Test
    void aLateEarlierAddRewritesTheRowWithEveryFirstRecomputed() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness = harness()) {
            for (CustomerEvent event : lateEarlierAdd()) {
                send(harness, event);
            }

            assertThat(rowsWithoutVersion(harness)).last().isEqualTo(
                    row("wmB", "douyin", "lisi", "2026-10-29 10:00:00.000", DAY.minusDays(4), "2026-10-31 10:00:00.000",
                            "2026-10-30 10:00:01.000", "2026-11-01 10:00:00.000", "2026-11-01 22:00:00.000",
                            "2026-11-02 09:00:00.000"));
        }
    }

    @Test
    void shuffledAndDuplicatedInputGivesTheSameFinalRowsAndCohortCounts() throws Exception {
        List<CustomerEvent> events = new ArrayList<>(lateEarlierAdd());
        events.add(new CustomerEvent("wwcorp", "wmC", Kind.ADDED, T, "xhs", "wangwu"));
        events.add(new CustomerEvent("wwcorp", "wmC", Kind.ADDED, T, "douyin", "lisi"));
        events.add(new CustomerEvent("wwcorp", "wmC", Kind.JOINED_GROUP, T, null, null));
        events.add(new CustomerEvent("wwcorp", "wmC", Kind.CHECKED_IN, T + 7 * DAYS, null, null));
        events.add(new CustomerEvent("wwcorp", "wmC", Kind.DELETED_EMPLOYEE, T + DAYS, null, "wangwu"));
        events.add(new CustomerEvent("wwcorp", "wmE", Kind.SENT_MESSAGE, T, null, null));
        Map<Customer, CustomerJourneyRow> expectedRows = Map.of(
                new Customer("wwcorp", "wmB"),
                row("wmB", "douyin", "lisi", "2026-10-29 10:00:00.000", DAY.minusDays(4), "2026-10-31 10:00:00.000",
                        "2026-10-30 10:00:01.000", "2026-11-01 10:00:00.000", "2026-11-01 22:00:00.000",
                        "2026-11-02 09:00:00.000"),
                new Customer("wwcorp", "wmC"),
                row("wmC", "douyin", "lisi", "2026-11-02 10:00:00.000", DAY, "2026-11-02 10:00:00.000", null,
                        "2026-11-09 10:00:00.000", null, null));
        Map<Cohort, List<Integer>> expectedCohorts = Map.of(
                new Cohort("wwcorp", "douyin", DAY.minusDays(4)), List.of(1, 1, 1, 1, 1),
                new Cohort("wwcorp", "douyin", DAY), List.of(1, 1, 0, 0, 0));

        Random random = new Random(5);
        for (int round = 0; round < 30; round++) {
            List<CustomerEvent> shuffled = new ArrayList<>(events);
            shuffled.addAll(events.subList(0, round % events.size()));
            Collections.shuffle(shuffled, random);
            try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness = harness()) {
                for (CustomerEvent event : shuffled) {
                    send(harness, event);
                }
                Map<Customer, CustomerJourneyRow> finalRows = new HashMap<>();
                for (CustomerJourneyRow row : rowsWithoutVersion(harness)) {
                    finalRows.put(new Customer(row.corpId(), row.externalUserid()), row);
                }
                assertThat(finalRows).as("round %d", round).isEqualTo(expectedRows);
                assertThat(cohortSums(harness.extractOutputValues())).as("round %d", round)
                        .isEqualTo(expectedCohorts);
            }
        }
    }

    @Test
    void aRestoredJourneyKeepsItsFactsAndRaisesTheVersionOfItsNextRow() throws Exception {
        OperatorSubtaskState snapshot;
        long versionBefore;
        try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> before = harness()) {
            send(before, new CustomerEvent("wwcorp", "wmA", Kind.SENT_MESSAGE, T - DAYS, null, null));
            send(before, new CustomerEvent("wwcorp", "wmA", Kind.ADDED, T, "xhs", "wangwu"));
            send(before, new CustomerEvent("wwcorp", "wmA", Kind.DELETED_EMPLOYEE, T + DAYS, null, "lisi"));
            send(before, new CustomerEvent("wwcorp", "wmA", Kind.REMOVED_BY_EMPLOYEE, T + DAYS, null, "wangwu"));
            versionBefore = rows(before).get(rows(before).size() - 1).version();
            snapshot = before.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> after = harness(snapshot)) {
            send(after, new CustomerEvent("wwcorp", "wmA", Kind.ADDED, T - 2 * DAYS, "douyin", "lisi"));

            assertThat(rowsWithoutVersion(after)).containsExactly(
                    row("wmA", "douyin", "lisi", "2026-10-31 10:00:00.000", DAY.minusDays(2), null,
                            "2026-11-01 10:00:00.000", null, "2026-11-03 10:00:00.000", null));
            assertThat(rows(after).get(0).version()).isGreaterThan(versionBefore);
        }
    }

    /** wmB: added at T, steps before and after it, then an add four days earlier to another employee arrives. */
    private static List<CustomerEvent> lateEarlierAdd() {
        return List.of(
                new CustomerEvent("wwcorp", "wmB", Kind.ADDED, T, "xhs", "wangwu"),
                new CustomerEvent("wwcorp", "wmB", Kind.JOINED_GROUP, T - 2 * DAYS, null, null),
                new CustomerEvent("wwcorp", "wmB", Kind.JOINED_GROUP, T + DAYS, null, null),
                new CustomerEvent("wwcorp", "wmB", Kind.SENT_MESSAGE, T - 3 * DAYS + 1000, null, null),
                new CustomerEvent("wwcorp", "wmB", Kind.SENT_MESSAGE, T + DAYS, null, null),
                new CustomerEvent("wwcorp", "wmB", Kind.CHECKED_IN, T - DAYS, null, null),
                new CustomerEvent("wwcorp", "wmB", Kind.CHECKED_IN, T + 2 * DAYS, null, null),
                new CustomerEvent("wwcorp", "wmB", Kind.DELETED_EMPLOYEE, T - 12 * HOURS, null, "lisi"),
                new CustomerEvent("wwcorp", "wmB", Kind.DELETED_EMPLOYEE, T + 3 * DAYS, null, "wangwu"),
                new CustomerEvent("wwcorp", "wmB", Kind.REMOVED_BY_EMPLOYEE, T - HOURS, null, "lisi"),
                new CustomerEvent("wwcorp", "wmB", Kind.REMOVED_BY_EMPLOYEE, T + 4 * DAYS, null, "wangwu"),
                new CustomerEvent("wwcorp", "wmB", Kind.ADDED, T - 4 * DAYS, "douyin", "lisi"));
    }

    /**
     * Per cohort, the summed changes: new customers, joined group, engaged, checked in, lost. A
     * cohort that summed to nothing (wmC's add to wangwu, when it arrived first) is left out.
     */
    private static Map<Cohort, List<Integer>> cohortSums(List<CohortChange> changes) {
        Map<Cohort, List<Integer>> sums = new HashMap<>();
        for (CohortChange change : changes) {
            List<Integer> sum = sums.getOrDefault(change.cohort(), List.of(0, 0, 0, 0, 0));
            sums.put(change.cohort(), List.of(sum.get(0) + change.newCustomers(), sum.get(1) + change.joinedGroup(),
                    sum.get(2) + change.engaged(), sum.get(3) + change.checkedIn(), sum.get(4) + change.lost()));
        }
        sums.values().removeIf(sum -> sum.equals(List.of(0, 0, 0, 0, 0)));
        return sums;
    }

    private static List<CustomerJourneyRow> rows(
            KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness) {
        return harness.getSideOutput(CustomerJourneyFunction.JOURNEY_ROWS).stream().map(StreamRecord::getValue).toList();
    }

    private static List<CustomerJourneyRow> rowsWithoutVersion(
            KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness) {
        return rows(harness).stream().map(CustomerJourneyFunctionTest::withoutVersion).toList();
    }

    private static CustomerJourneyRow withoutVersion(CustomerJourneyRow row) {
        return new CustomerJourneyRow(row.corpId(), row.externalUserid(), row.state(), row.userid(), row.addedAt(),
                row.cohortDate(), row.firstGroupJoinAt(), row.firstMsgAt(), row.firstCheckinAt(), row.lostAt(),
                row.removedAt(), 0);
    }

    private static CustomerJourneyRow row(String customer, String state, String userid, String addedAt,
            LocalDate cohortDate, String firstGroupJoinAt, String firstMsgAt, String firstCheckinAt, String lostAt,
            String removedAt) {
        return new CustomerJourneyRow("wwcorp", customer, state, userid, addedAt, cohortDate, firstGroupJoinAt,
                firstMsgAt, firstCheckinAt, lostAt, removedAt, 0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new CustomerJourneyFunction(CALENDAR, HORIZON, Duration.ofDays(7)),
                new CustomerOf(),
                TypeInformation.of(Customer.class));
    }

    /** A harness restored from a snapshot, as after a failure: the state goes through its serializers. */
    private static KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness(
            OperatorSubtaskState snapshot) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new CustomerJourneyFunction(CALENDAR, HORIZON, Duration.ofDays(7))),
                        new CustomerOf(),
                        TypeInformation.of(Customer.class));
        harness.initializeState(snapshot);
        harness.open();
        return harness;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness,
            CustomerEvent event) throws Exception {
        harness.processElement(event, event.atMillis());
    }
}
