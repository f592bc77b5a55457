package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.Checkin;
import com.wecomflow.jobs.records.GroupMember;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a check-in by its member and group. */
public final class GroupMemberOf implements KeySelector<Checkin, GroupMember> {

    private static final long serialVersionUID = 1L;

    @Override
    public GroupMember getKey(Checkin checkin) {
        return new GroupMember(checkin.corpId(), checkin.chatId(), checkin.memberId());
    }
}
