package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.records.Cohort;
import com.wecomflow.jobs.records.CohortChange;
import com.wecomflow.jobs.records.Customer;
import com.wecomflow.jobs.records.CustomerEvent;
import com.wecomflow.jobs.records.CustomerEvent.Kind;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CustomerJourneyFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
    private static final long T = CALENDAR.startOf(DAY) + 10 * 3600_000L;
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

            assertThat(harness.extractOutputValues()).containsExactly(
                    new CohortChange(new Cohort("wwcorp", "douyin", DAY), 1, 0, 0, 0, 0),
                    new CohortChange(new Cohort("wwcorp", "douyin", DAY), 0, 1, 0, 0, 0));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new CustomerJourneyFunction(CALENDAR, HORIZON, Duration.ofDays(7)),
                new CustomerOf(),
                TypeInformation.of(Customer.class));
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<Customer, CustomerEvent, CohortChange> harness,
            CustomerEvent event) throws Exception {
        harness.processElement(event, event.atMillis());
    }
}
