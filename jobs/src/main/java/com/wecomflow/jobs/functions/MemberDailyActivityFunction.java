package com.wecomflow.jobs.functions;

import com.wecomflow.functions.BusinessDayFunction;
import com.wecomflow.jobs.records.GroupActivity;
import com.wecomflow.jobs.records.MemberDailyActivity;
import com.wecomflow.jobs.records.MemberDay;
import com.wecomflow.records.MemberType;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Maintains one {@code member_daily_activity} row per member, group and business day from the
 * member's counted group messages: the count, the first and last message times (minimum and
 * maximum, so arrival order does not matter) and whether one was a check-in.
 */
public final class MemberDailyActivityFunction
        extends BusinessDayFunction<MemberDay, GroupActivity, MemberDailyActivity> {

    private static final long serialVersionUID = 1L;

    /** What is kept per member and day; the row's times are formatted from these. */
    public record Totals(long msgCnt, long firstMillis, long lastMillis, boolean checkedIn, long version) {}

    private transient ValueState<Totals> totals;

    public MemberDailyActivityFunction(BusinessCalendar calendar, Duration horizon) {
        super("member-activity/member_daily_activity", calendar, horizon);
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", TypeInformation.of(Totals.class)));
    }

    @Override
    protected LocalDate dayOf(MemberDay key) {
        return key.statDate();
    }

    @Override
    protected void update(GroupActivity message, Context context, Collector<MemberDailyActivity> out) throws Exception {
        if (!message.isMessage()) {
            return;
        }
        Totals before = totals.value();
        long at = message.eventTimeMillis();
        boolean checkin = message.kind() == GroupActivity.Kind.CHECKIN;
        Totals after = before == null
                ? new Totals(1, at, at, checkin, nextVersion(0, context))
                : new Totals(
                        before.msgCnt() + 1,
                        Math.min(before.firstMillis(), at),
                        Math.max(before.lastMillis(), at),
                        before.checkedIn() || checkin,
                        nextVersion(before.version(), context));
        totals.update(after);
        MemberDay key = context.getCurrentKey();
        out.collect(new MemberDailyActivity(
                key.corpId(),
                key.chatId(),
                key.memberId(),
                key.statDate(),
                MemberType.of(key.memberId()).columnValue(),
                after.msgCnt(),
                calendar.formatDateTime(after.firstMillis()),
                calendar.formatDateTime(after.lastMillis()),
                after.checkedIn() ? 1 : 0,
                after.version()));
    }

    @Override
    protected void clearDay() {
        totals.clear();
    }
}
