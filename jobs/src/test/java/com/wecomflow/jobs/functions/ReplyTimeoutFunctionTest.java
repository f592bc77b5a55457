package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.wecomflow.config.ReplyTimeoutSettings;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.records.Chat;
import com.wecomflow.jobs.records.ChatMessage;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ReplyTimeoutFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    /** A Tuesday; working time is the default, 09:00-18:00 every day, and the SLA 30 minutes. */
    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);
    private static final long MINUTE = 60_000L;
    private static final long DAYS = 86_400_000L;

    @Test
    void anUnansweredWaitAlertsOnItsOpeningMessageWhenEventTimeReachesItsDueTime() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
            send(harness, fromCustomer("lisi", "wmA", "m1", at(0, 17, 50)));
            harness.processWatermark(new Watermark(at(1, 9, 20) - 1));
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processWatermark(new Watermark(at(1, 9, 20)));

            assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
                assertThat(alert.alertId()).isEqualTo(SensitiveWordsFunction.alertId("m1", "builtin.reply_timeout"));
                assertThat(alert.corpId()).isEqualTo("wwcorp");
                assertThat(alert.msgid()).isEqualTo("m1");
                assertThat(alert.msgTime()).isEqualTo("2026-11-10 17:50:00.000");
                assertThat(alert.roomid()).isEmpty();
                assertThat(alert.sender()).isEqualTo("wmA");
                assertThat(alert.senderType()).isEqualTo("customer");
                assertThat(alert.receivers()).containsExactly("lisi");
                assertThat(alert.ruleId()).isEqualTo("builtin.reply_timeout");
                assertThat(alert.category()).isEqualTo("service");
                assertThat(alert.severity()).isEqualTo("medium");
                assertThat(alert.matched()).isEqualTo("30 min");
                assertThat(alert.excerpt()).isEqualTo("no reply by 2026-11-11 09:20:00.000");
                assertThat(alert.version()).isPositive();
                assertThat(alert.isDeleted()).isZero();
            });
        }
    }

    @Test
    void anAnswerAtExactlyTheDueTimeIsABreachAndOneMillisecondBeforeIsNot() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
            send(harness, fromCustomer("lisi", "wmA", "m1", at(0, 10, 0)));
            send(harness, fromEmployee("lisi", "wmA", "e1", at(0, 10, 30)));
            send(harness, fromCustomer("lisi", "wmB", "m2", at(0, 10, 0)));
            send(harness, fromEmployee("lisi", "wmB", "e2", at(0, 10, 30) - 1));
            harness.processWatermark(new Watermark(at(0, 12, 0)));

            assertThat(harness.extractOutputValues())
                    .extracting(ComplianceAlert::msgid, ComplianceAlert::sender, ComplianceAlert::isDeleted)
                    .containsExactly(tuple("m1", "wmA", 0));
        }
    }

    @Test
    void aCustomerMessageAtTheSameMillisecondAsTheAnswerOpensNoNewWait() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
            send(harness, fromCustomer("lisi", "wmA", "a1", at(0, 10, 0)));
            send(harness, fromEmployee("lisi", "wmA", "a2", at(0, 10, 10)));
            send(harness, fromCustomer("lisi", "wmA", "a3", at(0, 10, 10)));
            // One millisecond later, the same customer message opens a wait that nobody answers.
            send(harness, fromCustomer("lisi", "wmB", "b1", at(0, 10, 0)));
            send(harness, fromEmployee("lisi", "wmB", "b2", at(0, 10, 10)));
            send(harness, fromCustomer("lisi", "wmB", "b3", at(0, 10, 10) + 1));
            harness.processWatermark(new Watermark(at(1, 12, 0)));

            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::msgid).containsExactly("b3");
        }
    }

    @Test
    void aLateAnswerRetractsTheEmittedAlert() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
            send(harness, fromCustomer("lisi", "wmA", "m1", at(0, 10, 0)));
            harness.processWatermark(new Watermark(at(0, 11, 0)));
            send(harness, fromEmployee("lisi", "wmA", "e1", at(0, 10, 20)));
            send(harness, fromEmployee("lisi", "wmA", "e1", at(0, 10, 20)));

            List<ComplianceAlert> alerts = harness.extractOutputValues();
            assertThat(alerts).extracting(ComplianceAlert::msgid, ComplianceAlert::isDeleted)
                    .containsExactly(tuple("m1", 0), tuple("m1", 1));
            ComplianceAlert raised = alerts.get(0);
            ComplianceAlert retraction = alerts.get(1);
            assertThat(retraction.version()).isGreaterThan(raised.version());
            assertThat(withVersion(retraction, 0, 0)).isEqualTo(withVersion(raised, 0, 0));
            assertThat(finalAlerts(alerts)).isEmpty();
        }
    }

    @Test
    void aLateEarlierCustomerMessageMovesTheBreachToTheMessageThatNowOpensTheWait() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
            send(harness, fromCustomer("lisi", "wmA", "m2", at(0, 10, 25)));
            send(harness, fromEmployee("lisi", "wmA", "e1", at(0, 11, 0)));
            harness.processWatermark(new Watermark(at(0, 12, 0)));
            send(harness, fromCustomer("lisi", "wmA", "m1", at(0, 10, 20)));

            List<ComplianceAlert> alerts = harness.extractOutputValues();
            assertThat(alerts).extracting(ComplianceAlert::msgid, ComplianceAlert::msgTime, ComplianceAlert::isDeleted)
                    .containsExactly(
                            tuple("m2", "2026-11-10 10:25:00.000", 0),
                            tuple("m2", "2026-11-10 10:25:00.000", 1),
                            tuple("m1", "2026-11-10 10:20:00.000", 0));
            assertThat(finalAlerts(alerts).keySet()).containsExactly(SensitiveWordsFunction.alertId("m1", "builtin.reply_timeout"));
        }
    }

    @Test
    void anAlertRetractedAndThenProvenAgainIsRaisedAgainWithAHigherVersion() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
            send(harness, fromCustomer("lisi", "wmA", "m2", at(0, 10, 25)));
            harness.processWatermark(new Watermark(at(0, 12, 0)));
            // m1 opens the wait instead of m2; an answer to m1 in time gives m2 back its wait, and m0,
            // earlier still and answered by the same message, changes nothing.
            send(harness, fromCustomer("lisi", "wmA", "m1", at(0, 10, 20)));
            send(harness, fromEmployee("lisi", "wmA", "e0", at(0, 10, 22)));
            send(harness, fromCustomer("lisi", "wmA", "m0", at(0, 10, 0)));

            List<ComplianceAlert> alerts = harness.extractOutputValues();
            assertThat(alerts).extracting(ComplianceAlert::msgid, ComplianceAlert::isDeleted).containsExactly(
                    tuple("m2", 0), tuple("m2", 1), tuple("m1", 0), tuple("m1", 1), tuple("m2", 0));
            assertThat(alerts.get(4).version()).isGreaterThan(alerts.get(1).version());
            assertThat(finalAlerts(alerts).values()).extracting(ComplianceAlert::msgid).containsExactly("m2");
        }
    }

    @Test
    void shuffledAndDuplicatedInputGiveTheSameFinalAlerts() throws Exception {
        List<ChatMessage> messages = List.of(
                // lisi and wmA: a1 answered in time; a2 answered late; a4 at the answer's millisecond opens
                // nothing; a5 at 17:50 answered at 09:19 the next day, in time; a6 never answered.
                fromCustomer("lisi", "wmA", "a1", at(0, 10, 0)),
                fromEmployee("lisi", "wmA", "la1", at(0, 10, 20)),
                fromCustomer("lisi", "wmA", "a2", at(0, 10, 40)),
                fromCustomer("lisi", "wmA", "a3", at(0, 10, 50)),
                fromEmployee("lisi", "wmA", "la2", at(0, 11, 30)),
                fromCustomer("lisi", "wmA", "a4", at(0, 11, 30)),
                fromCustomer("lisi", "wmA", "a5", at(0, 17, 50)),
                fromEmployee("lisi", "wmA", "la3", at(1, 9, 19)),
                fromCustomer("lisi", "wmA", "a6", at(1, 12, 0)),
                // lisi and wmB: b1 at 03:00 is due at 09:30 and answered exactly then; b2 in time.
                fromCustomer("lisi", "wmB", "b1", at(0, 3, 0)),
                fromEmployee("lisi", "wmB", "lb1", at(0, 9, 30)),
                fromCustomer("lisi", "wmB", "b2", at(0, 9, 31)),
                fromEmployee("lisi", "wmB", "lb2", at(0, 9, 40)),
                // zhangwei and wmA: c1 at 20:00 answered a millisecond before 09:30 the next day.
                fromCustomer("zhangwei", "wmA", "c1", at(0, 20, 0)),
                fromEmployee("zhangwei", "wmA", "zc1", at(1, 9, 30) - 1));
        Set<String> expected = Set.of("a2", "a6", "b1");

        Random random = new Random(11);
        int retractions = 0;
        for (int round = 0; round < 40; round++) {
            List<ChatMessage> shuffled = new ArrayList<>(messages);
            for (int copy = 0; copy < round % 5; copy++) {
                shuffled.add(messages.get(random.nextInt(messages.size())));
            }
            Collections.shuffle(shuffled, random);
            try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
                long latest = Long.MIN_VALUE;
                for (ChatMessage message : shuffled) {
                    send(harness, message);
                    // Event time runs an hour behind the latest message, so most of the shuffled ones arrive late.
                    latest = Math.max(latest, message.msgTimeMillis());
                    harness.processWatermark(new Watermark(latest - 60 * MINUTE));
                }
                harness.processWatermark(new Watermark(at(2, 0, 0)));

                List<ComplianceAlert> alerts = harness.extractOutputValues();
                assertThat(finalAlerts(alerts).values()).as("round %d: %s", round, shuffled)
                        .extracting(ComplianceAlert::msgid).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(deadLetters(harness)).isEmpty();
                retractions += (int) alerts.stream().filter(alert -> alert.isDeleted() == 1).count();
            }
        }
        // The orders did make alerts that later messages disproved.
        assertThat(retractions).isPositive();
    }

    @Test
    void aChatIsForgottenPastTheHorizonButAWaitStillOpenStaysOpen() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness = harness()) {
            send(harness, fromCustomer("lisi", "wmA", "a1", at(0, 10, 0)));
            send(harness, fromEmployee("lisi", "wmA", "la1", at(0, 10, 10)));
            send(harness, fromCustomer("lisi", "wmB", "b1", at(0, 10, 0)));
            send(harness, fromCustomer("lisi", "wmB", "b2", at(0, 11, 0)));
            harness.processWatermark(new Watermark(at(40, 0, 0)));

            // wmA is gone; wmB keeps its waits (the opening b1 alone) and its alert.
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

            // Still inside b1's wait: no new one. A message older than the horizon changes nothing.
            send(harness, fromCustomer("lisi", "wmB", "b3", at(40, 10, 0)));
            send(harness, fromEmployee("lisi", "wmB", "lb0", at(0, 10, 5)));
            send(harness, fromEmployee("lisi", "wmB", "lb1", at(40, 11, 0)));
            send(harness, fromCustomer("lisi", "wmB", "b4", at(40, 11, 1)));
            harness.processWatermark(new Watermark(at(41, 0, 0)));

            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::msgid, ComplianceAlert::isDeleted)
                    .containsExactly(tuple("b1", 0), tuple("b4", 0));
            assertThat(deadLetters(harness)).singleElement().satisfies(letter ->
                    assertThat(letter.reason()).isEqualTo(
                            "event on 2026-11-10 arrived after the lateness horizon of 35 days past its business day"));
        }
    }

    @Test
    void aRestoredChatRetractsWithAVersionAboveTheOneBeforeTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        ComplianceAlert raised;
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> before = harness()) {
            send(before, fromCustomer("lisi", "wmA", "m1", at(0, 10, 0)));
            send(before, fromCustomer("lisi", "wmA", "m2", at(0, 10, 5)));
            before.processWatermark(new Watermark(at(0, 11, 0)));
            raised = before.extractOutputValues().get(0);
            snapshot = before.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> after = harness(snapshot)) {
            send(after, fromEmployee("lisi", "wmA", "e1", at(0, 10, 20)));
            send(after, fromCustomer("lisi", "wmA", "m2", at(0, 10, 5)));

            assertThat(after.extractOutputValues()).singleElement().satisfies(retraction -> {
                assertThat(retraction.alertId()).isEqualTo(raised.alertId());
                assertThat(retraction.isDeleted()).isEqualTo(1);
                assertThat(retraction.version()).isGreaterThan(raised.version());
            });
        }
    }

    private static List<DeadLetter> deadLetters(
            KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness) {
        Queue<StreamRecord<DeadLetter>> letters = harness.getSideOutput(DeadLetters.TAG);
        return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
    }

    /** The table's FINAL view of an alert stream: the latest version of each alert, retracted ones left out. */
    private static Map<String, ComplianceAlert> finalAlerts(List<ComplianceAlert> alerts) {
        Map<String, ComplianceAlert> latest = new HashMap<>();
        for (ComplianceAlert alert : alerts) {
            latest.merge(alert.alertId(), alert, (old, now) -> now.version() > old.version() ? now : old);
        }
        return latest.values().stream().filter(alert -> alert.isDeleted() == 0)
                .collect(Collectors.toMap(ComplianceAlert::alertId, alert -> alert));
    }

    private static ComplianceAlert withVersion(ComplianceAlert alert, long version, int isDeleted) {
        return new ComplianceAlert(alert.alertId(), alert.corpId(), alert.msgid(), alert.msgTime(), alert.roomid(),
                alert.sender(), alert.senderType(), alert.receivers(), alert.ruleId(), alert.category(),
                alert.severity(), alert.matched(), alert.excerpt(), alert.detectedAt(), version, isDeleted);
    }

    /** Unix milliseconds of a time of day, {@code days} after {@link #DAY}, in Shanghai. */
    private static long at(int days, int hour, int minute) {
        return CALENDAR.startOf(DAY) + days * DAYS + (hour * 60L + minute) * MINUTE;
    }

    private static ChatMessage fromCustomer(String employee, String customer, String msgId, long at) {
        return new ChatMessage("wwcorp", employee, customer, true, msgId, at);
    }

    private static ChatMessage fromEmployee(String employee, String customer, String msgId, long at) {
        return new ChatMessage("wwcorp", employee, customer, false, msgId, at);
    }

    private static ReplyTimeoutFunction function() {
        return new ReplyTimeoutFunction("sensitive-words", CALENDAR, HORIZON, ReplyTimeoutSettings.defaults());
    }

    private static KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness() throws Exception {
        return harness(null);
    }

    /** A harness, restored from a snapshot when one is given: the state then goes through its serializers. */
    private static KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness(
            OperatorSubtaskState snapshot) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function()), new ChatOf(), TypeInformation.of(Chat.class));
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<Chat, ChatMessage, ComplianceAlert> harness,
            ChatMessage message) throws Exception {
        harness.processElement(message, message.msgTimeMillis());
    }
}
