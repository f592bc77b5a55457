package com.wecomflow.jobs.functions;

import com.wecomflow.functions.LatenessGate;
import com.wecomflow.functions.WatermarkAwareFunction;
import com.wecomflow.functions.Versions;
import com.wecomflow.jobs.records.Checkin;
import com.wecomflow.jobs.records.CheckinMilestone;
import com.wecomflow.jobs.records.CheckinStreak;
import com.wecomflow.jobs.records.GroupMember;
import com.wecomflow.jobs.streaks.StreakHistory;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Maintains a member's check-in streaks in a group ({@code checkin_streaks}) and the milestones
 * they reached ({@code checkin_milestones}, on {@link #MILESTONES}). A late check-in that fills a
 * gap joins two runs, and a milestone it completes gets the date the run actually reached it.
 * Each day is folded into the member's {@link StreakHistory} summary once event time passes the
 * day's end plus the lateness horizon; a check-in for a day already folded is dead-lettered.
 */
public final class CheckinStreaksFunction extends WatermarkAwareFunction<GroupMember, Checkin, CheckinStreak> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<CheckinMilestone> MILESTONES = new OutputTag<>("checkin-milestones") {};

    private static final String STAGE = "checkin-streaks/checkin_streaks";

    private final BusinessCalendar calendar;
    private final Duration horizon;
    private final List<Integer> milestones;

    private transient ValueState<StreakHistory> history;
    private transient ValueState<Long> version;

    public CheckinStreaksFunction(BusinessCalendar calendar, Duration horizon, List<Integer> milestones) {
        this.calendar = calendar;
        this.horizon = horizon;
        this.milestones = List.copyOf(milestones);
    }

    @Override
    public void open(OpenContext openContext) {
        history = getRuntimeContext().getState(
                new ValueStateDescriptor<>("history", TypeInformation.of(StreakHistory.class)));
        version = getRuntimeContext().getState(new ValueStateDescriptor<>("version", Types.LONG));
    }

    @Override
    public void processElement(Checkin checkin, Context context, Collector<CheckinStreak> out) throws Exception {
        long expiry = LatenessGate.expiryOfDay(calendar, horizon, checkin.day());
        StreakHistory days = Objects.requireNonNullElseGet(history.value(), StreakHistory::new);
        // A day folded already is closed even before the watermark that closed it is back after a restore.
        if (watermark(context) >= expiry || days.isClosed(checkin.day())) {
            refuseLate(context, DeadLetter.ofEvent(STAGE, LatenessGate.tooLateReason(checkin.day(), horizon), checkin));
            return;
        }
        Map<Integer, LocalDate> reachedBefore = days.milestonesReached(milestones);
        if (!days.add(checkin.day())) {
            return;
        }
        history.update(days);
        context.timerService().registerEventTimeTimer(expiry);

        long next = Versions.next(Objects.requireNonNullElse(version.value(), 0L),
                context.timerService().currentProcessingTime());
        version.update(next);
        GroupMember member = context.getCurrentKey();
        StreakHistory.Summary summary = days.summary();
        out.collect(new CheckinStreak(member.corpId(), member.chatId(), member.memberId(), summary.currentStreak(),
                summary.longestStreak(), summary.totalDays(), summary.firstCheckinDate(), summary.lastCheckinDate(), next));
        days.milestonesReached(milestones).forEach((milestone, date) -> {
            if (!date.equals(reachedBefore.get(milestone))) {
                context.output(MILESTONES, new CheckinMilestone(
                        member.corpId(), member.chatId(), member.memberId(), milestone, date, next));
            }
        });
    }

    /** A day's horizon has passed: fold every day up to it into the summary. */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<CheckinStreak> out) throws Exception {
        watermark(context);
        StreakHistory days = history.value();
        if (days == null) {
            return;
        }
        LocalDate lastClosedDay = calendar.dateOf(timestamp - horizon.toMillis() - 1);
        days.foldThrough(lastClosedDay, milestones);
        history.update(days);
    }
}
