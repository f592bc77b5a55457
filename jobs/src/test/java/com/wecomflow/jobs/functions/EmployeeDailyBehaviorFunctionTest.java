package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.CustomerContact.Kind;
import com.wecomflow.jobs.records.EmployeeDailyBehavior;
import com.wecomflow.jobs.records.EmployeeDay;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class EmployeeDailyBehaviorFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 12);

    @Test
    void replyMetricsFollowWeComsDefinitions() throws Exception {
        EmployeeDailyBehavior row = finalRow(List.of(
                contact("wmReplied", Kind.CUSTOMER_MESSAGE, DAY, "10:00:00", false),
                contact("wmReplied", Kind.EMPLOYEE_MESSAGE, DAY, "10:06:00", true),
                contact("wmReplied", Kind.EMPLOYEE_MESSAGE, DAY, "10:30:00", true),
                contact("wmUnanswered", Kind.CUSTOMER_MESSAGE, DAY, "20:00:00", false),
                contact("wmAnswering", Kind.EMPLOYEE_MESSAGE, DAY, "11:00:00", true),
                contact("wmAnswering", Kind.CUSTOMER_MESSAGE, DAY, "11:05:00", false)));

        assertThat(row.replyPercentage()).isEqualTo(50.0);
        assertThat(row.avgReplyTime()).isEqualTo(6.0);
        assertThat(row.chatCnt()).isEqualTo(2);
        assertThat(row.messageCnt()).isEqualTo(3);
        assertThat(row.initiatedChatCnt()).isEqualTo(2);
        assertThat(row.repliedChatCnt()).isEqualTo(1);
    }

    @Test
    void averagesReplyTimesOverRepliedChatsInMinutes() throws Exception {
        EmployeeDailyBehavior row = finalRow(List.of(
                contact("wmA", Kind.CUSTOMER_MESSAGE, DAY, "10:00:00", false),
                contact("wmA", Kind.EMPLOYEE_MESSAGE, DAY, "10:02:00", true),
                contact("wmB", Kind.CUSTOMER_MESSAGE, DAY, "10:00:00", false),
                contact("wmB", Kind.CUSTOMER_MESSAGE, DAY, "10:03:00", false),
                contact("wmB", Kind.EMPLOYEE_MESSAGE, DAY, "10:07:30", true)));

        assertThat(row.replyPercentage()).isEqualTo(100.0);
        assertThat(row.avgReplyTime()).isEqualTo(4.75);
        assertThat(row.initiatedChatCnt()).isEqualTo(2);
        assertThat(row.repliedChatCnt()).isEqualTo(2);
    }

    @Test
    void metricsAreNullWhenNothingWasInitiatedOrReplied() throws Exception {
        EmployeeDailyBehavior employeeOnly = finalRow(List.of(
                contact("wmA", Kind.EMPLOYEE_MESSAGE, DAY, "09:00:00", true),
                contact("wmA", Kind.CUSTOMER_MESSAGE, DAY, "09:01:00", false)));
        assertThat(employeeOnly.replyPercentage()).isNull();
        assertThat(employeeOnly.avgReplyTime()).isNull();
        assertThat(employeeOnly.initiatedChatCnt()).isZero();
        assertThat(employeeOnly.repliedChatCnt()).isZero();

        EmployeeDailyBehavior customersOnly = finalRow(List.of(
                contact("wmA", Kind.CUSTOMER_MESSAGE, DAY, "09:00:00", false)));
        assertThat(customersOnly.chatCnt()).isZero();
        assertThat(customersOnly.replyPercentage()).isEqualTo(0.0);
        assertThat(customersOnly.avgReplyTime()).isNull();
        assertThat(customersOnly.initiatedChatCnt()).isEqualTo(1);
        assertThat(customersOnly.repliedChatCnt()).isZero();
    }

    @Test
    void firstMessagesAtTheSameMillisecondAreNotCustomerInitiated() throws Exception {
        EmployeeDailyBehavior row = finalRow(List.of(
                contact("wmA", Kind.CUSTOMER_MESSAGE, DAY, "09:00:00", false),
                contact("wmA", Kind.EMPLOYEE_MESSAGE, DAY, "09:00:00", true)));

        assertThat(row.replyPercentage()).isNull();
        assertThat(row.chatCnt()).isEqualTo(1);
        assertThat(row.initiatedChatCnt()).isZero();
        assertThat(row.repliedChatCnt()).isZero();
    }

    @Test
    void countsDistinctCustomersAddedAndLost() throws Exception {
        EmployeeDailyBehavior row = finalRow(List.of(
                contact("wmA", Kind.ADDED, DAY, "08:50:00", false),
                contact("wmA", Kind.ADDED, DAY, "09:00:00", false),
                contact("wmB", Kind.ADDED, DAY, "09:10:00", false),
                contact("wmC", Kind.CHURNED, DAY, "16:00:00", false)));

        assertThat(row.newContactCnt()).isEqualTo(2);
        assertThat(row.negativeFeedbackCnt()).isEqualTo(1);
        assertThat(row.messageCnt()).isZero();
        assertThat(row.replyPercentage()).isNull();
        assertThat(row.initiatedChatCnt()).isZero();
        assertThat(row.repliedChatCnt()).isZero();
    }

    @Test
    void theFinalRowDoesNotDependOnArrivalOrder() throws Exception {
        List<CustomerContact> contacts = new ArrayList<>();
        String[] customers = {"wmA", "wmB", "wmC", "wmD", "wmE"};
        Random random = new Random(3);
        for (int i = 0; i < 60; i++) {
            String customer = customers[random.nextInt(customers.length)];
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            String time = String.format("%02d:%02d:00", 8 + random.nextInt(12), random.nextInt(60));
            contacts.add(contact(customer, kind, DAY, time, kind == Kind.EMPLOYEE_MESSAGE));
        }
        EmployeeDailyBehavior inOrder = withoutVersion(finalRow(contacts));
        assertThat(inOrder.initiatedChatCnt()).isPositive();
        assertThat(inOrder.repliedChatCnt()).isPositive();
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(contacts, random);
            assertThat(withoutVersion(finalRow(contacts))).isEqualTo(inOrder);
        }
    }

    @Test
    void aLateEarlierCustomerMessageTurnsAnEmployeeStartedChatIntoAnInitiatedRepliedOne() throws Exception {
        CustomerContact employeeFirst = contact("wmA", Kind.EMPLOYEE_MESSAGE, DAY, "10:05:00", true);
        CustomerContact customerEarlier = contact("wmA", Kind.CUSTOMER_MESSAGE, DAY, "10:00:00", false);
        CustomerContact otherInitiated = contact("wmB", Kind.CUSTOMER_MESSAGE, DAY, "11:00:00", false);

        List<EmployeeDailyBehavior> arrivingLate = rows(List.of(employeeFirst, otherInitiated, customerEarlier));
        assertThat(arrivingLate.get(1).initiatedChatCnt()).isEqualTo(1);
        assertThat(arrivingLate.get(1).repliedChatCnt()).isZero();

        for (List<CustomerContact> order : List.of(
                List.of(employeeFirst, otherInitiated, customerEarlier),
                List.of(customerEarlier, employeeFirst, otherInitiated),
                List.of(otherInitiated, customerEarlier, employeeFirst))) {
            EmployeeDailyBehavior row = finalRow(order);
            assertThat(row.initiatedChatCnt()).isEqualTo(2);
            assertThat(row.repliedChatCnt()).isEqualTo(1);
            assertThat(row.replyPercentage()).isEqualTo(50.0);
            assertThat(row.avgReplyTime()).isEqualTo(5.0);
        }
    }

    @Test
    void emitsOnlyChangesWithRisingVersions() throws Exception {
        List<EmployeeDailyBehavior> rows = rows(List.of(
                contact("wmA", Kind.CUSTOMER_MESSAGE, DAY, "10:00:00", false),
                contact("wmA", Kind.CUSTOMER_MESSAGE, DAY, "10:01:00", false),
                contact("wmA", Kind.EMPLOYEE_MESSAGE, DAY, "10:06:00", true)));

        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(EmployeeDailyBehavior::version).isSorted().doesNotHaveDuplicates();
    }

    private static EmployeeDailyBehavior withoutVersion(EmployeeDailyBehavior row) {
        return new EmployeeDailyBehavior(row.corpId(), row.userid(), row.statDate(), row.newContactCnt(),
                row.negativeFeedbackCnt(), row.chatCnt(), row.messageCnt(), row.replyPercentage(), row.avgReplyTime(),
                row.initiatedChatCnt(), row.repliedChatCnt(), 0);
    }

    private static EmployeeDailyBehavior finalRow(List<CustomerContact> contacts) throws Exception {
        List<EmployeeDailyBehavior> rows = rows(contacts);
        return rows.get(rows.size() - 1);
    }

    private static List<EmployeeDailyBehavior> rows(List<CustomerContact> contacts) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<EmployeeDay, CustomerContact, EmployeeDailyBehavior> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new EmployeeDailyBehaviorFunction(CALENDAR, Duration.ofDays(35)),
                        new EmployeeDayOf(CALENDAR),
                        TypeInformation.of(EmployeeDay.class))) {
            for (CustomerContact contact : contacts) {
                harness.processElement(contact, contact.eventTimeMillis());
            }
            return harness.extractOutputValues();
        }
    }

    private static CustomerContact contact(String customer, Kind kind, LocalDate day, String time, boolean countsAsMessage) {
        long millis = LocalDateTime.of(day, LocalTime.parse(time)).atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
        return new CustomerContact("wwcorp", "lisi", customer, kind, millis, countsAsMessage);
    }
}
