package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.records.Checkin;
import com.wecomflow.jobs.records.CheckinStreak;
import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupDailyStats;
import com.wecomflow.jobs.records.GroupDay;
import com.wecomflow.jobs.records.GroupMember;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * After a restore, Flink's watermark starts from nothing while records replayed from the
 * checkpointed offsets arrive. A day closed before the failure must stay closed after it.
 */
class RestoreFromCheckpointTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    private static final LocalDate DAY = LocalDate.of(2026, 9, 2);
    private static final long AT = CALENDAR.startOf(DAY) + 10 * 3600_000L;
    private static final long PAST_HORIZON = CALENDAR.endOf(DAY) + HORIZON.toMillis() + 1;

    @Test
    void aClearedGroupDayIsNotRecreatedFromZeroAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<GroupDay, GroupActivity, GroupDailyStats> before = groupHarness()) {
            before.open();
            for (int i = 0; i < 5; i++) {
                before.processElement(new GroupActivity("wwcorp", "wrG", "wm" + i, GroupActivity.Kind.MESSAGE, AT + i), AT);
            }
            before.processWatermark(new Watermark(PAST_HORIZON));
            snapshot = before.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<GroupDay, GroupActivity, GroupDailyStats> after = groupHarness()) {
            after.initializeState(snapshot);
            after.open();
            after.processElement(new GroupActivity("wwcorp", "wrG", "wmLate", GroupActivity.Kind.MESSAGE, AT), AT);

            assertThat(after.extractOutputValues()).isEmpty();
            assertThat(after.getSideOutput(DeadLetters.TAG)).hasSize(1);
        }
    }

    @Test
    void aFoldedCheckinDayIsDeadLetteredAfterARestoreInsteadOfFailingTheJob() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<GroupMember, Checkin, CheckinStreak> before = streakHarness()) {
            before.open();
            before.processElement(new Checkin("wwcorp", "wrG", "wmA", DAY.minusDays(1), AT - 86_400_000L), AT);
            before.processElement(new Checkin("wwcorp", "wrG", "wmA", DAY.plusDays(1), AT + 86_400_000L), AT);
            before.processWatermark(new Watermark(PAST_HORIZON));
            snapshot = before.snapshot(1L, 1L);
        }
        try (KeyedOneInputStreamOperatorTestHarness<GroupMember, Checkin, CheckinStreak> after = streakHarness()) {
            after.initializeState(snapshot);
            after.open();
            after.processElement(new Checkin("wwcorp", "wrG", "wmA", DAY, AT), AT);

            assertThat(after.extractOutputValues()).isEmpty();
            assertThat(after.getSideOutput(DeadLetters.TAG)).hasSize(1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<GroupDay, GroupActivity, GroupDailyStats> groupHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GroupDailyStatsFunction(CALENDAR, HORIZON)),
                new GroupDayOf(CALENDAR), TypeInformation.of(GroupDay.class));
    }

    private static KeyedOneInputStreamOperatorTestHarness<GroupMember, Checkin, CheckinStreak> streakHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new CheckinStreaksFunction(CALENDAR, HORIZON, List.of(7))),
                new GroupMemberOf<>(), TypeInformation.of(GroupMember.class));
    }
}
