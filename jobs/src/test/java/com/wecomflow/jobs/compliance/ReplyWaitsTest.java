package com.wecomflow.jobs.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.compliance.ReplyWaits.Line;
import com.wecomflow.jobs.compliance.ReplyWaits.Wait;
import com.wecomflow.time.BusinessCalendar;
import com.wecomflow.time.WorkingTime;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplyWaitsTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final WorkingTime NINE_TO_SIX = WorkingTime.defaults(CALENDAR);
    private static final Duration SLA = Duration.ofMinutes(30);
    private static final long MINUTE = 60_000L;
    /** 2026-11-10 00:00 in Shanghai. */
    private static final long DAY = CALENDAR.startOf(LocalDate.of(2026, 11, 10));

    @Test
    void aWaitOpensAtTheFirstCustomerMessageAfterTheLastAnswerAndEndsAtTheEmployeesNextMessage() {
        ReplyWaits chat = new ReplyWaits();
        chat.add("e0", at(9, 50), false);
        chat.add("c1", at(10, 0), true);
        chat.add("c2", at(10, 5), true);
        chat.add("e1", at(10, 20), false);
        chat.add("e2", at(10, 25), false);
        chat.add("c3", at(10, 20), true);
        chat.add("c4", at(10, 21), true);
        chat.add("c5", at(11, 0), true);

        assertThat(chat.waits(NINE_TO_SIX, SLA)).containsExactly(
                new Wait("c1", at(10, 0), at(10, 30), at(10, 20)),
                new Wait("c4", at(10, 21), at(10, 51), at(10, 25)),
                new Wait("c5", at(11, 0), at(11, 30), null));
    }

    @Test
    void messagesAtTheSameMillisecondAreOrderedByMsgidAndAnEmployeeMessageThenAnswersAtOnce() {
        for (List<String> arrival : List.of(List.of("m9", "m7", "m1"), List.of("m1", "m7", "m9"))) {
            ReplyWaits chat = new ReplyWaits();
            for (String msgId : arrival) {
                chat.add(msgId, at(10, 0), !msgId.equals("m1"));
            }

            assertThat(chat.waits(NINE_TO_SIX, SLA)).as("arrival %s", arrival)
                    .containsExactly(new Wait("m7", at(10, 0), at(10, 30), at(10, 0)));
        }
    }

    @Test
    void aDuplicateMsgidIsNotAdded() {
        ReplyWaits chat = new ReplyWaits();

        assertThat(chat.add("c1", at(10, 0), true)).isTrue();
        assertThat(chat.add("c1", at(10, 0), true)).isFalse();
        assertThat(chat.lines()).containsExactly(new Line("c1", at(10, 0), true));
    }

    @Test
    void breachesAreWaitsUnansweredBeforeTheirDueTimeKnownOnceEventTimeReachesIt() {
        Wait answeredAtDue = new Wait("c1", at(10, 0), at(10, 30), at(10, 30));
        Wait answeredJustBefore = new Wait("c2", at(10, 0), at(10, 30), at(10, 30) - 1);
        Wait unanswered = new Wait("c3", at(10, 0), at(10, 30), null);

        assertThat(answeredAtDue.isBreach()).isTrue();
        assertThat(answeredJustBefore.isBreach()).isFalse();
        assertThat(unanswered.isBreachBy(at(10, 30) - 1)).isFalse();
        assertThat(unanswered.isBreachBy(at(10, 30))).isTrue();
        assertThat(answeredJustBefore.isBreachBy(at(12, 0))).isFalse();
    }

    @Test
    void anOpenWaitKeepsOnlyItsOpeningAndASettledPastOnlyItsLastAnswer() {
        ReplyWaits chat = new ReplyWaits();
        chat.add("c1", at(10, 0), true);
        chat.add("e1", at(10, 10), false);
        chat.add("c2", at(10, 20), true);
        chat.add("c3", at(10, 40), true);
        chat.add("c4", at(12, 0), true);

        chat.forgetBefore(at(11, 0), NINE_TO_SIX, SLA);

        assertThat(chat.lines()).containsExactly(new Line("c2", at(10, 20), true), new Line("c4", at(12, 0), true));
        chat.add("e2", at(12, 30), false);
        chat.add("c5", at(12, 30), true);
        assertThat(chat.waits(NINE_TO_SIX, SLA)).containsExactly(new Wait("c2", at(10, 20), at(10, 50), at(12, 30)));
    }

    /**
     * Forgetting before a cutoff and then adding messages from the cutoff on gives the waits that
     * all the messages give, less those answered before the cutoff: for any chat and any cutoff.
     */
    @Test
    void forgettingNeverChangesTheWaitsStillToCome() {
        Random random = new Random(13);
        for (int round = 0; round < 500; round++) {
            List<Line> messages = new ArrayList<>();
            int count = 1 + random.nextInt(14);
            for (int i = 0; i < count; i++) {
                // Few distinct times, so that ties at the same millisecond are common.
                messages.add(new Line("m" + i, at(9, 0) + random.nextInt(12) * 10 * MINUTE, random.nextBoolean()));
            }
            long cutoff = at(9, 0) + random.nextInt(13) * 10 * MINUTE;
            ReplyWaits everything = new ReplyWaits();
            ReplyWaits forgetful = new ReplyWaits();
            for (Line line : messages) {
                everything.add(line.msgId(), line.atMillis(), line.fromCustomer());
                if (line.atMillis() < cutoff) {
                    forgetful.add(line.msgId(), line.atMillis(), line.fromCustomer());
                }
            }
            forgetful.forgetBefore(cutoff, NINE_TO_SIX, SLA);
            for (Line line : messages) {
                if (line.atMillis() >= cutoff) {
                    forgetful.add(line.msgId(), line.atMillis(), line.fromCustomer());
                }
            }

            List<Wait> stillToCome = everything.waits(NINE_TO_SIX, SLA).stream()
                    .filter(wait -> wait.answeredAtMillis() == null || wait.answeredAtMillis() >= cutoff)
                    .toList();
            assertThat(forgetful.waits(NINE_TO_SIX, SLA)).as("round %d: %s, cutoff %d", round, messages, cutoff)
                    .isEqualTo(stillToCome);
        }
    }

    private static long at(int hour, int minute) {
        return DAY + (hour * 60L + minute) * MINUTE;
    }
}
