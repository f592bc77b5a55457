package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupActivity.Kind;
import com.wecomflow.jobs.records.MemberDailyActivity;
import com.wecomflow.jobs.records.MemberDay;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class MemberDailyActivityFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 9);

    @Test
    void keepsTheEarliestAndLatestMessageWhateverTheArrivalOrder() throws Exception {
        List<MemberDailyActivity> rows = rows(
                message("wmAlice", Kind.MESSAGE, "12:00:00.250"),
                message("wmAlice", Kind.CHECKIN, "08:00:00"),
                message("wmAlice", Kind.MESSAGE, "23:59:59.999"),
                message("wmAlice", Kind.MESSAGE, "10:00:00"));

        MemberDailyActivity last = rows.get(rows.size() - 1);
        assertThat(last.msgCnt()).isEqualTo(4);
        assertThat(last.firstMsgAt()).isEqualTo("2026-11-09 08:00:00.000");
        assertThat(last.lastMsgAt()).isEqualTo("2026-11-09 23:59:59.999");
        assertThat(last.checkedIn()).isEqualTo(1);
        assertThat(last.memberType()).isEqualTo("customer");
        assertThat(rows).extracting(MemberDailyActivity::version).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void anEmployeeWithoutCheckInIsAnEmployeeNotCheckedIn() throws Exception {
        List<MemberDailyActivity> rows = rows(message("zhangwei", Kind.MESSAGE, "09:00:00"));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.memberType()).isEqualTo("employee");
            assertThat(row.checkedIn()).isZero();
        });
    }

    private static List<MemberDailyActivity> rows(GroupActivity... messages) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<MemberDay, GroupActivity, MemberDailyActivity> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new MemberDailyActivityFunction(CALENDAR, Duration.ofDays(35)),
                        new MemberDayOf(CALENDAR),
                        TypeInformation.of(MemberDay.class))) {
            for (GroupActivity message : messages) {
                harness.processElement(message, message.eventTimeMillis());
            }
            return harness.extractOutputValues();
        }
    }

    private static GroupActivity message(String member, Kind kind, String time) {
        long millis = LocalDateTime.of(DAY, LocalTime.parse(time)).atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
        return new GroupActivity("wwcorp", "wrGroup", member, kind, millis);
    }
}
