package com.wecomflow.jobs.functions;

import com.wecomflow.functions.BusinessDayFunction;
import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.GroupDailyStats;
import com.wecomflow.jobs.records.GroupDay;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Maintains one {@code group_daily_stats} row per group and business day, emitting the row (with
 * a higher version) every time it changes. Distinct counts come from one map of member id to the
 * roles the member had that day, so any arrival order gives the same row.
 */
public final class GroupDailyStatsFunction extends BusinessDayFunction<GroupDay, GroupActivity, GroupDailyStats> {

    private static final long serialVersionUID = 1L;

    private static final int JOINED = 1;
    private static final int QUIT = 1 << 1;
    private static final int SENDER = 1 << 2;
    private static final int CHECKED_IN = 1 << 3;

    private transient MapState<String, Integer> memberRoles;
    private transient ValueState<GroupDailyStats> row;

    public GroupDailyStatsFunction(BusinessCalendar calendar, Duration horizon) {
        super("member-activity/group_daily_stats", calendar, horizon);
    }

    @Override
    public void open(OpenContext openContext) {
        memberRoles = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("member-roles", Types.STRING, Types.INT));
        row = getRuntimeContext().getState(
                new ValueStateDescriptor<>("row", TypeInformation.of(GroupDailyStats.class)));
    }

    @Override
    protected LocalDate dayOf(GroupDay key) {
        return key.statDate();
    }

    @Override
    protected void update(GroupActivity activity, Context context, Collector<GroupDailyStats> out) throws Exception {
        GroupDailyStats current = row.value();
        if (current == null) {
            current = GroupDailyStats.empty(context.getCurrentKey());
        }
        Integer known = memberRoles.get(activity.memberId());
        int before = known == null ? 0 : known;
        int after = before | rolesOf(activity.kind());
        boolean messageSent = activity.kind() == GroupActivity.Kind.MESSAGE
                || activity.kind() == GroupActivity.Kind.CHECKIN;
        if (after == before && !messageSent) {
            return;
        }
        if (after != before) {
            memberRoles.put(activity.memberId(), after);
        }
        int gained = after & ~before;
        GroupDailyStats updated = new GroupDailyStats(
                current.corpId(),
                current.chatId(),
                current.statDate(),
                current.newMemberCnt() + bit(gained, JOINED),
                current.quitMemberCnt() + bit(gained, QUIT),
                current.memberHasMsg() + bit(gained, SENDER),
                current.msgTotal() + (messageSent ? 1 : 0),
                current.checkinMembers() + bit(gained, CHECKED_IN),
                nextVersion(current.version(), context));
        row.update(updated);
        out.collect(updated);
    }

    @Override
    protected void clearDay() {
        memberRoles.clear();
        row.clear();
    }

    private static int rolesOf(GroupActivity.Kind kind) {
        switch (kind) {
            case JOINED:
                return JOINED;
            case QUIT:
                return QUIT;
            case MESSAGE:
                return SENDER;
            case CHECKIN:
                return SENDER | CHECKED_IN;
            default:
                throw new IllegalArgumentException("unknown activity " + kind);
        }
    }

    private static int bit(int roles, int role) {
        return (roles & role) != 0 ? 1 : 0;
    }
}
