package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.records.Checkin;
import com.wecomflow.jobs.records.CheckinMilestone;
import com.wecomflow.jobs.records.CheckinStreak;
import com.wecomflow.jobs.records.GroupMember;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckinStreaksFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    private static final LocalDate D = LocalDate.of(2026, 10, 1);

    private KeyedOneInputStreamOperatorTestHarness<GroupMember, Checkin, CheckinStreak> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new CheckinStreaksFunction(CALENDAR, HORIZON, List.of(7, 21, 30)),
                new GroupMemberOf<>(),
                TypeInformation.of(GroupMember.class));
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aCheckinArrivingDaysLateFillsTheGapAndDatesTheMilestoneWhenTheStreakReachedIt() throws Exception {
        for (int day : new int[] {0, 1, 2, 4, 5, 6, 7, 8}) {
            checkIn(day);
        }
        harness.processWatermark(new Watermark(CALENDAR.startOf(D.plusDays(12))));
        assertThat(milestones()).isEmpty();
        assertThat(latest().currentStreak()).isEqualTo(5);

        checkIn(3);

        CheckinStreak streak = latest();
        assertThat(streak.currentStreak()).isEqualTo(9);
        assertThat(streak.longestStreak()).isEqualTo(9);
        assertThat(streak.totalDays()).isEqualTo(9);
        assertThat(milestones()).singleElement().satisfies(milestone -> {
            assertThat(milestone.milestone()).isEqualTo(7);
            assertThat(milestone.reachedDate()).isEqualTo(D.plusDays(6));
        });
    }

    @Test
    void aSecondCheckinOnTheSameDayChangesNothing() throws Exception {
        checkIn(0);
        checkIn(0);

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void daysPastTheHorizonAreFoldedAndACheckinForThemIsDeadLettered() throws Exception {
        checkIn(0);
        checkIn(1);
        checkIn(3);
        harness.processWatermark(new Watermark(CALENDAR.endOf(D.plusDays(2)) + HORIZON.toMillis()));
        checkIn(2);
        checkIn(4);

        assertThat(harness.getSideOutput(DeadLetters.TAG)).singleElement()
                .satisfies(letter -> assertThat(letter.getValue().reason()).startsWith("event on 2026-10-03 arrived after"));
        CheckinStreak streak = latest();
        assertThat(streak.currentStreak()).isEqualTo(2);
        assertThat(streak.longestStreak()).isEqualTo(2);
        assertThat(streak.totalDays()).isEqualTo(4);
        assertThat(streak.firstCheckinDate()).isEqualTo(D);
    }

    private void checkIn(int dayOffset) throws Exception {
        LocalDate day = D.plusDays(dayOffset);
        long millis = CALENDAR.startOf(day) + 8 * 3600 * 1000L;
        harness.processElement(new Checkin("wwcorp", "wrGroup", "wmAlice", day, millis), millis);
    }

    private CheckinStreak latest() {
        List<CheckinStreak> rows = harness.extractOutputValues();
        return rows.get(rows.size() - 1);
    }

    private List<CheckinMilestone> milestones() {
        return harness.getSideOutput(CheckinStreaksFunction.MILESTONES) == null
                ? List.of()
                : harness.getSideOutput(CheckinStreaksFunction.MILESTONES).stream().map(StreamRecord::getValue).toList();
    }
}
