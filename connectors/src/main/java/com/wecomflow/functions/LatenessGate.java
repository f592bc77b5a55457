package com.wecomflow.functions;

import com.wecomflow.parse.Json;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import org.apache.flink.api.common.functions.Function;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rejects events whose business day ended more than the lateness horizon before the current
 * watermark: their state has been cleared, so they can no longer correct results. They go to
 * {@link DeadLetters#TAG} with the reason; nothing is dropped silently.
 */
public final class LatenessGate<T> extends ProcessFunction<T, T> {

    private static final long serialVersionUID = 1L;

    /** Event time of a record, in Unix milliseconds. */
    @FunctionalInterface
    public interface EventTime<T> extends Function {
        long millis(T record);
    }

    private final String job;
    private final String source;
    private final BusinessCalendar calendar;
    private final Duration horizon;
    private final EventTime<T> eventTime;

    public LatenessGate(String job, String source, BusinessCalendar calendar, Duration horizon, EventTime<T> eventTime) {
        this.job = job;
        this.source = source;
        this.calendar = calendar;
        this.horizon = horizon;
        this.eventTime = eventTime;
    }

    @Override
    public void processElement(T record, Context context, Collector<T> out) {
        long millis = eventTime.millis(record);
        long expiry = expiryOf(calendar, horizon, millis);
        if (context.timerService().currentWatermark() >= expiry) {
            context.output(DeadLetters.TAG, new DeadLetter(
                    job,
                    "event on " + calendar.dateOf(millis) + " arrived after the lateness horizon of "
                            + horizon.toDays() + " days past its business day",
                    source,
                    -1,
                    -1L,
                    null,
                    null,
                    Json.toRowJson(record)));
        } else {
            out.collect(record);
        }
    }

    /**
     * The event time at which an event's business day stops accepting corrections: the end of
     * that day plus the horizon. Functions clear a day's state at this time.
     */
    public static long expiryOf(BusinessCalendar calendar, Duration horizon, long eventMillis) {
        return expiryOfDay(calendar, horizon, calendar.dateOf(eventMillis));
    }

    /** The event time at which a business day's state may be cleared. */
    public static long expiryOfDay(BusinessCalendar calendar, Duration horizon, java.time.LocalDate day) {
        return calendar.endOf(day) + horizon.toMillis();
    }
}
