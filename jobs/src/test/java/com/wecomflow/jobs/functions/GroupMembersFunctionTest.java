package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupActivity.Kind;
import com.wecomflow.jobs.records.GroupMember;
import com.wecomflow.jobs.records.GroupMembership;
import com.wecomflow.time.BusinessCalendar;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class GroupMembersFunctionTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 9);

    @Test
    void aMemberWhoLeftAndRejoinedIsInTheGroupWithTwoJoinsAndTheSecondJoinsTime() throws Exception {
        GroupMembership row = finalRow(List.of(
                change("wmAlice", Kind.JOINED, DAY, "10:00:00"),
                change("wmAlice", Kind.QUIT, DAY, "12:00:00"),
                change("wmAlice", Kind.JOINED, DAY.plusDays(3), "09:30:00")));

        assertThat(row).isEqualTo(new GroupMembership("wwcorp", "wrGroup", "wmAlice", "customer",
                "2026-11-12 09:30:00.000", "2026-11-09 12:00:00.000", 2, 1, row.version()));
    }

    @Test
    void aMemberWhoLeftAfterRejoiningIsOut() throws Exception {
        GroupMembership row = finalRow(List.of(
                change("zhangwei", Kind.JOINED, DAY, "10:00:00"),
                change("zhangwei", Kind.QUIT, DAY, "12:00:00"),
                change("zhangwei", Kind.JOINED, DAY, "13:00:00"),
                change("zhangwei", Kind.QUIT, DAY, "18:00:00")));

        assertThat(row).isEqualTo(new GroupMembership("wwcorp", "wrGroup", "zhangwei", "employee",
                "2026-11-09 13:00:00.000", "2026-11-09 18:00:00.000", 2, 0, row.version()));
    }

    @Test
    void anAddAndADelInTheSameSecondLeaveTheMemberOutInEitherOrder() throws Exception {
        GroupActivity add = change("wmAlice", Kind.JOINED, DAY, "10:00:00");
        GroupActivity del = change("wmAlice", Kind.QUIT, DAY, "10:00:00");

        for (List<GroupActivity> changes : List.of(List.of(add, del), List.of(del, add))) {
            GroupMembership row = finalRow(changes);
            assertThat(row).isEqualTo(new GroupMembership("wwcorp", "wrGroup", "wmAlice", "customer",
                    "2026-11-09 10:00:00.000", "2026-11-09 10:00:00.000", 1, 0, row.version()));
        }
    }

    @Test
    void aDelWithoutAKnownAddHasNoJoinAndIsOut() throws Exception {
        GroupMembership row = finalRow(List.of(change("woBob", Kind.QUIT, DAY, "18:00:00")));

        assertThat(row).isEqualTo(new GroupMembership("wwcorp", "wrGroup", "woBob", "customer",
                null, "2026-11-09 18:00:00.000", 0, 0, row.version()));
    }

    @Test
    void aLateEarlierLeaveChangesNothingAndIsNotEmitted() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<GroupMember, GroupActivity, GroupMembership> harness = harness()) {
            send(harness, change("wmAlice", Kind.QUIT, DAY, "12:00:00"));
            send(harness, change("wmAlice", Kind.JOINED, DAY, "15:00:00"));
            send(harness, change("wmAlice", Kind.QUIT, DAY, "08:00:00"));
            send(harness, change("wmAlice", Kind.JOINED, DAY, "07:00:00"));

            List<GroupMembership> rows = harness.extractOutputValues();
            assertThat(rows).extracting(GroupMembership::joinedAt, GroupMembership::leftAt,
                            GroupMembership::joinCnt, GroupMembership::isMember)
                    .containsExactly(
                            tuple(null, "2026-11-09 12:00:00.000", 0L, 0),
                            tuple("2026-11-09 15:00:00.000", "2026-11-09 12:00:00.000", 1L, 1),
                            tuple("2026-11-09 15:00:00.000", "2026-11-09 12:00:00.000", 2L, 1));
            assertThat(rows).extracting(GroupMembership::version).isSorted().doesNotHaveDuplicates();
            assertThat(rows.get(0).version()).isPositive();
        }
    }

    @Test
    void everyOrderOfTheChangesGivesTheSameRow() throws Exception {
        List<GroupActivity> changes = List.of(
                change("wmAlice", Kind.JOINED, DAY, "10:00:00"),
                change("wmAlice", Kind.QUIT, DAY, "12:00:00"),
                change("wmAlice", Kind.JOINED, DAY, "14:00:00"),
                change("wmAlice", Kind.QUIT, DAY, "14:00:00"),
                change("wmAlice", Kind.JOINED, DAY.plusDays(1), "08:00:00"));
        Set<GroupMembership> finalRows = new HashSet<>();
        for (List<GroupActivity> order : permutations(changes)) {
            GroupMembership row = finalRow(order);
            finalRows.add(new GroupMembership(row.corpId(), row.chatId(), row.memberId(), row.memberType(),
                    row.joinedAt(), row.leftAt(), row.joinCnt(), row.isMember(), 0));
        }

        assertThat(finalRows).containsExactly(new GroupMembership("wwcorp", "wrGroup", "wmAlice", "customer",
                "2026-11-10 08:00:00.000", "2026-11-09 14:00:00.000", 3, 1, 0));
    }

    @Test
    void eachMemberOfEachGroupHasItsOwnRow() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<GroupMember, GroupActivity, GroupMembership> harness = harness()) {
            send(harness, change("wmAlice", Kind.JOINED, DAY, "10:00:00"));
            send(harness, new GroupActivity("wwcorp", "wrOther", "wmAlice", Kind.QUIT, millis(DAY, "11:00:00")));
            send(harness, change("woBob", Kind.JOINED, DAY, "12:00:00"));

            assertThat(harness.extractOutputValues())
                    .extracting(GroupMembership::chatId, GroupMembership::memberId, GroupMembership::joinCnt,
                            GroupMembership::isMember)
                    .containsExactly(
                            tuple("wrGroup", "wmAlice", 1L, 1),
                            tuple("wrOther", "wmAlice", 0L, 0),
                            tuple("wrGroup", "woBob", 1L, 1));
        }
    }

    private static GroupMembership finalRow(List<GroupActivity> changes) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<GroupMember, GroupActivity, GroupMembership> harness = harness()) {
            for (GroupActivity change : changes) {
                send(harness, change);
            }
            List<GroupMembership> rows = harness.extractOutputValues();
            return rows.get(rows.size() - 1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<GroupMember, GroupActivity, GroupMembership> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new GroupMembersFunction(CALENDAR), new GroupMemberOf<>(), TypeInformation.of(GroupMember.class));
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<GroupMember, GroupActivity, GroupMembership> harness,
            GroupActivity change) throws Exception {
        harness.processElement(change, change.eventTimeMillis());
    }

    private static List<List<GroupActivity>> permutations(List<GroupActivity> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<GroupActivity>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<GroupActivity> rest = new ArrayList<>(items);
            GroupActivity first = rest.remove(i);
            for (List<GroupActivity> tail : permutations(rest)) {
                List<GroupActivity> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    private static GroupActivity change(String member, Kind kind, LocalDate date, String time) {
        return new GroupActivity("wwcorp", "wrGroup", member, kind, millis(date, time));
    }

    private static long millis(LocalDate date, String time) {
        return LocalDateTime.of(date, LocalTime.parse(time)).atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    }
}
