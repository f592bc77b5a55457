package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.GroupMember;
import com.wecomflow.jobs.records.GroupMemberEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys an event (a check-in, a membership change) by its member and group. */
public final class GroupMemberOf<T extends GroupMemberEvent> implements KeySelector<T, GroupMember> {

    private static final long serialVersionUID = 1L;

    @Override
    public GroupMember getKey(T event) {
        return new GroupMember(event.corpId(), event.chatId(), event.memberId());
    }
}
