package com.wecomflow.functions;

import com.wecomflow.records.DeadLetter;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.util.Collector;

/**
 * A keyed function whose key includes a business day, and whose state for that day lives until
 * event time passes the end of the day plus the lateness horizon. Subclasses update their state
 * and emit rows; this class owns the day's lifetime: it schedules the cleanup, and refuses
 * (dead-letters) an event for a day already cleared, which would otherwise restart the day from
 * zero and overwrite its complete row. That can happen when one input ran far ahead while
 * another was idle.
 */
public abstract class BusinessDayFunction<K, I, O> extends WatermarkAwareFunction<K, I, O> {

    private static final long serialVersionUID = 1L;

    private final String stage;
    protected final BusinessCalendar calendar;
    protected final Duration horizon;

    /** @param stage names the function in dead letters, e.g. {@code member-activity/group_daily_stats} */
    protected BusinessDayFunction(String stage, BusinessCalendar calendar, Duration horizon) {
        this.stage = stage;
        this.calendar = calendar;
        this.horizon = horizon;
    }

    /** The business day of a key. */
    protected abstract LocalDate dayOf(K key);

    /** Applies one event to the day's state, emitting the rows it changes. */
    protected abstract void update(I event, Context context, Collector<O> out) throws Exception;

    /** Drops all state of the current key. */
    protected abstract void clearDay();

    @Override
    public final void processElement(I event, Context context, Collector<O> out) throws Exception {
        LocalDate day = dayOf(context.getCurrentKey());
        long expiry = LatenessGate.expiryOfDay(calendar, horizon, day);
        if (watermark(context) >= expiry) {
            refuseLate(context, DeadLetter.ofEvent(stage, LatenessGate.tooLateReason(day, horizon), event));
            return;
        }
        context.timerService().registerEventTimeTimer(expiry);
        update(event, context, out);
    }

    @Override
    public final void onTimer(long timestamp, OnTimerContext context, Collector<O> out) {
        // Remembered before the day goes, so that the day stays closed after a restore.
        watermark(context);
        clearDay();
    }

    /** The version for the next row of the current key. */
    protected final long nextVersion(long previous, Context context) {
        return Versions.next(previous, context.timerService().currentProcessingTime());
    }
}
