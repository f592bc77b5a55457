package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupActivity.Kind;
import com.wecomflow.jobs.records.GroupDailyStats;
import com.wecomflow.jobs.records.GroupDay;
import com.wecomflow.metrics.HarnessMetrics;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupDailyStatsFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 9);

    private final HarnessMetrics metrics = new HarnessMetrics();
    private KeyedOneInputStreamOperatorTestHarness<GroupDay, GroupActivity, GroupDailyStats> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = metrics.keyedHarness(
                new GroupDailyStatsFunction(CALENDAR, HORIZON),
                new GroupDayOf(CALENDAR),
                TypeInformation.of(GroupDay.class));
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void countsDistinctMembersAndEveryMessage() throws Exception {
        send(activity("wmAlice", Kind.JOINED, "10:00"));
        send(activity("wmBob", Kind.JOINED, "10:00"));
        send(activity("wmAlice", Kind.JOINED, "12:00"));
        send(activity("wmBob", Kind.QUIT, "18:00"));
        send(activity("wmAlice", Kind.MESSAGE, "10:05"));
        send(activity("wmAlice", Kind.MESSAGE, "10:06"));
        send(activity("zhangwei", Kind.MESSAGE, "11:00"));
        send(activity("wmAlice", Kind.CHECKIN, "08:00"));
        send(activity("wmAlice", Kind.CHECKIN, "09:00"));

        GroupDailyStats latest = latest();
        assertThat(latest.statDate()).isEqualTo(DAY);
        assertThat(latest.newMemberCnt()).isEqualTo(2);
        assertThat(latest.quitMemberCnt()).isEqualTo(1);
        assertThat(latest.memberHasMsg()).isEqualTo(2);
        assertThat(latest.msgTotal()).isEqualTo(5);
        assertThat(latest.checkinMembers()).isEqualTo(1);
    }

    @Test
    void emitsOnlyWhenTheRowChangesWithRisingVersions() throws Exception {
        send(activity("wmAlice", Kind.JOINED, "10:00"));
        send(activity("wmAlice", Kind.JOINED, "11:00"));
        send(activity("wmAlice", Kind.MESSAGE, "11:30"));
        send(activity("wmAlice", Kind.MESSAGE, "11:31"));

        List<GroupDailyStats> rows = harness.extractOutputValues();
        assertThat(rows).extracting(GroupDailyStats::msgTotal).containsExactly(0L, 1L, 2L);
        assertThat(rows).extracting(GroupDailyStats::version).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void separatesBusinessDaysAtShanghaiMidnight() throws Exception {
        harness.processElement(new GroupActivity("wwcorp", "wrGroup", "wmAlice", Kind.MESSAGE,
                millis(DAY, "23:59:59.500")), 0);
        harness.processElement(new GroupActivity("wwcorp", "wrGroup", "wmAlice", Kind.MESSAGE,
                millis(DAY.plusDays(1), "00:00:00.500")), 0);

        assertThat(harness.extractOutputValues())
                .extracting(GroupDailyStats::statDate, GroupDailyStats::msgTotal)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DAY, 1L),
                        org.assertj.core.groups.Tuple.tuple(DAY.plusDays(1), 1L));
    }

    @Test
    void clearsADayOnceEventTimePassesItsLatenessHorizon() throws Exception {
        send(activity("wmAlice", Kind.JOINED, "10:00"));
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(new Watermark(CALENDAR.endOf(DAY) + HORIZON.toMillis() - 1));
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(new Watermark(CALENDAR.endOf(DAY) + HORIZON.toMillis()));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void deadLettersAndCountsAnEventForADayAlreadyClearedInsteadOfRestartingItFromZero() throws Exception {
        send(activity("wmAlice", Kind.JOINED, "10:00"));
        harness.processWatermark(new Watermark(CALENDAR.endOf(DAY) + HORIZON.toMillis()));
        send(activity("wmBob", Kind.JOINED, "11:00"));

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.getSideOutput(com.wecomflow.functions.DeadLetters.TAG)).singleElement()
                .satisfies(letter -> assertThat(letter.getValue().reason())
                        .isEqualTo("event on 2026-11-09 arrived after the lateness horizon of 35 days past its business day"));
        assertThat(metrics.counter("wecom.kind.late_event.deadLetters")).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private void send(GroupActivity activity) throws Exception {
        harness.processElement(activity, activity.eventTimeMillis());
    }

    private GroupDailyStats latest() {
        List<GroupDailyStats> rows = harness.extractOutputValues();
        return rows.get(rows.size() - 1);
    }

    private static GroupActivity activity(String member, Kind kind, String time) {
        return new GroupActivity("wwcorp", "wrGroup", member, kind, millis(DAY, time));
    }

    private static long millis(LocalDate date, String time) {
        return LocalDateTime.of(date, java.time.LocalTime.parse(time))
                .atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    }
}
