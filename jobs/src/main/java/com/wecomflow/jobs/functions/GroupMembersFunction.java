package com.wecomflow.jobs.functions;

import com.wecomflow.functions.Versions;
import com.wecomflow.jobs.membership.Membership;
import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupMember;
import com.wecomflow.jobs.records.GroupMembership;
import com.wecomflow.records.MemberType;
import com.wecomflow.time.BusinessCalendar;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Maintains one {@code group_members} row per member of a group from the group's
 * {@code add_member} and {@code del_member} changes (each distinct change once: the stream's
 * dedup has dropped WeCom's retries). A row is emitted only when it changes. The few longs kept
 * per member live as long as the job: membership has no business day after which it is final.
 */
public final class GroupMembersFunction extends KeyedProcessFunction<GroupMember, GroupActivity, GroupMembership> {

    private static final long serialVersionUID = 1L;

    private final BusinessCalendar calendar;
    private transient ValueState<Membership> membership;

    public GroupMembersFunction(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    @Override
    public void open(OpenContext openContext) {
        membership = getRuntimeContext().getState(
                new ValueStateDescriptor<>("membership", TypeInformation.of(Membership.class)));
    }

    @Override
    public void processElement(GroupActivity change, Context context, Collector<GroupMembership> out) throws Exception {
        Membership before = membership.value() == null ? Membership.UNKNOWN : membership.value();
        Membership after = switch (change.kind()) {
            case JOINED -> before.joined(change.eventTimeMillis());
            case QUIT -> before.left(change.eventTimeMillis());
            case MESSAGE, CHECKIN -> before;
        };
        if (after.sameFactsAs(before)) {
            return;
        }
        after = after.withVersion(Versions.next(before.version(), context.timerService().currentProcessingTime()));
        membership.update(after);
        out.collect(row(context.getCurrentKey(), after));
    }

    private GroupMembership row(GroupMember member, Membership facts) {
        return new GroupMembership(
                member.corpId(),
                member.chatId(),
                member.memberId(),
                MemberType.of(member.memberId()).columnValue(),
                facts.hasJoined() ? calendar.formatDateTime(facts.joinedAtMillis()) : null,
                facts.hasLeft() ? calendar.formatDateTime(facts.leftAtMillis()) : null,
                facts.joinCnt(),
                facts.isMember() ? 1 : 0,
                facts.version());
    }
}
