package com.wecomflow.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupActivity.Kind;
import com.wecomflow.records.CallbackEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class MembershipChangesTest {

    @Test
    void aChangeIsOneActivityPerDistinctMemberAtItsCreateTime() {
        assertThat(activities(chatUpdate("add_member", List.of("wmAlice", "zhangwei", "wmAlice"))))
                .extracting(GroupActivity::chatId, GroupActivity::memberId, GroupActivity::kind,
                        GroupActivity::eventTimeMillis)
                .containsExactly(
                        tuple("wrGroup", "wmAlice", Kind.JOINED, 1_795_000_000_000L),
                        tuple("wrGroup", "zhangwei", Kind.JOINED, 1_795_000_000_000L));
        assertThat(activities(chatUpdate("del_member", List.of("woBob"))))
                .extracting(GroupActivity::memberId, GroupActivity::kind)
                .containsExactly(tuple("woBob", Kind.QUIT));
    }

    @Test
    void otherGroupChangesAreNoMembershipChange() {
        assertThat(activities(chatUpdate("change_owner", List.of()))).isEmpty();
        assertThat(activities(chatUpdate("change_name", List.of()))).isEmpty();
    }

    private static List<GroupActivity> activities(CallbackEvent event) {
        List<GroupActivity> out = new ArrayList<>();
        new MembershipChanges().flatMap(event, new ListCollector<>(out));
        return out;
    }

    private static CallbackEvent chatUpdate(String detail, List<String> members) {
        return new CallbackEvent("id", "wwcorp", CallbackEvent.CHANGE_EXTERNAL_CHAT, "update", 1_795_000_000L,
                null, null, null, "wrGroup", detail, members);
    }
}
