package com.wecomflow.runner;

import static com.wecomflow.runner.GroupStatsScenario.CORP;
import static com.wecomflow.runner.GroupStatsScenario.memberChange;
import static com.wecomflow.runner.GroupStatsScenario.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code group_members} on the real broker and MiniCluster, through the replay path: a leave and
 * a re-join, an add and a del in the same second, a del of a member never seen joining, both
 * {@code MemChangeList} forms, and WeCom retrying a change.
 */
class GroupMembersPipelineTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 16);

    @TempDir
    Path dir;

    @Test
    void eachMemberHasTheLatestJoinAndLeaveTheirJoinsAndWhetherTheyAreIn() throws Exception {
        Path out = Replays.replay(dir, "in-order", changes(), List.of());

        assertThat(Replays.rowsWithoutVersion(out, "group_members")).containsExactlyElementsOf(expectedRows());
        for (JsonNode row : Replays.readLines(out.resolve("group_members.jsonl"))) {
            assertThat(row.get("version").asLong()).isPositive();
        }
    }

    @Test
    void shuffledAndDuplicatedChangesGiveTheSameRows() throws Exception {
        List<String> changes = new ArrayList<>(changes());
        changes.addAll(changes());
        Collections.shuffle(changes, new Random(12));
        Collections.reverse(changes);

        Path out = Replays.replay(dir, "shuffled", changes, List.of());

        assertThat(Replays.rowsWithoutVersion(out, "group_members")).containsExactlyElementsOf(expectedRows());
    }

    private static List<String> changes() {
        String aliceAndBobJoin = memberChange("wrGroupA", "add_member", "[\"wmAlice\",\"woBob\"]", seconds(D, "10:00:00"));
        return List.of(
                aliceAndBobJoin,
                // WeCom's retry of the same change: still one join.
                aliceAndBobJoin,
                memberChange("wrGroupA", "del_member", "[\"wmAlice\"]", seconds(D, "12:00:00")),
                // The older comma-separated form.
                memberChange("wrGroupA", "add_member", "\"wmAlice, zhangwei\"", seconds(D.plusDays(2), "09:00:00")),
                memberChange("wrGroupA", "add_member", "[\"woBob\"]", seconds(D, "18:00:00")),
                memberChange("wrGroupA", "del_member", "\"woBob\"", seconds(D, "18:00:00")),
                memberChange("wrGroupA", "del_member", "[\"wmGhost\"]", seconds(D, "11:00:00")),
                memberChange("wrGroupB", "add_member", "\"wmAlice\"", seconds(D, "10:00:00")));
    }

    /** The final rows, without version, sorted by key. */
    private static List<String> expectedRows() {
        return List.of(
                row("wrGroupA", "wmAlice", "customer", time(D.plusDays(2), "09:00:00"), time(D, "12:00:00"), 2, 1),
                row("wrGroupA", "wmGhost", "customer", null, time(D, "11:00:00"), 0, 0),
                row("wrGroupA", "woBob", "customer", time(D, "18:00:00"), time(D, "18:00:00"), 2, 0),
                row("wrGroupA", "zhangwei", "employee", time(D.plusDays(2), "09:00:00"), null, 1, 1),
                row("wrGroupB", "wmAlice", "customer", time(D, "10:00:00"), null, 1, 1));
    }

    private static String row(String chat, String member, String type, String joinedAt, String leftAt, int joins,
            int isMember) {
        return "{\"corp_id\":\"" + CORP + "\",\"chat_id\":\"" + chat + "\",\"member_id\":\"" + member
                + "\",\"member_type\":\"" + type + "\",\"joined_at\":" + joinedAt + ",\"left_at\":" + leftAt
                + ",\"join_cnt\":" + joins + ",\"is_member\":" + isMember + "}";
    }

    private static String time(LocalDate date, String time) {
        return "\"" + date + " " + time + ".000\"";
    }
}
