package com.wecomflow.functions;

import com.wecomflow.metrics.DeadLetterCounters;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.DeadLetterKind;
import com.wecomflow.records.Parsed;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rejects events whose business day ended more than the lateness horizon before the current
 * watermark: their day's state has been cleared, so they can no longer correct results. They go
 * to {@link DeadLetters#TAG} with the reason and their raw text, counted as {@code late_event}:
 * nothing is dropped silently. What passes is the parsed value alone.
 */
public final class LatenessGate<T> extends ProcessFunction<Parsed<T>, T> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final String job;
    private final BusinessCalendar calendar;
    private final Duration horizon;
    private final EventTime<T> eventTime;
    private final WatermarkMemory watermarks = new WatermarkMemory("highest-watermark");
    private transient DeadLetterCounters deadLetters;

    public LatenessGate(String job, BusinessCalendar calendar, Duration horizon, EventTime<T> eventTime) {
        this.job = job;
        this.calendar = calendar;
        this.horizon = horizon;
        this.eventTime = eventTime;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetterCounters.register(
                getRuntimeContext().getMetricGroup(), Set.of(DeadLetterKind.LATE_EVENT));
    }

    @Override
    public void processElement(Parsed<T> record, Context context, Collector<T> out) {
        long millis = eventTime.millis(record.value());
        if (watermarks.watermark(context.timerService().currentWatermark()) >= expiryOf(calendar, horizon, millis)) {
            DeadLetter letter = DeadLetter.of(job, tooLateReason(calendar.dateOf(millis), horizon), record.raw());
            context.output(DeadLetters.TAG, deadLetters.count(DeadLetterKind.LATE_EVENT, letter));
        } else {
            out.collect(record.value());
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        watermarks.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        watermarks.snapshot();
    }

    /** The dead-letter reason for an event whose day can no longer be corrected. */
    public static String tooLateReason(LocalDate day, Duration horizon) {
        return "event on " + day + " arrived after the lateness horizon of " + horizon.toDays() + " days past its business day";
    }

    /**
     * The event time at which an event's business day stops accepting corrections: the end of
     * that day plus the horizon. Functions clear a day's state at this time.
     */
    public static long expiryOf(BusinessCalendar calendar, Duration horizon, long eventMillis) {
        return expiryOfDay(calendar, horizon, calendar.dateOf(eventMillis));
    }

    /**
     * The earliest event time still accepted at a watermark: every event before it is past its
     * day's expiry ({@link #expiryOf}), so state about earlier times can no longer be corrected.
     */
    public static long acceptedFrom(BusinessCalendar calendar, Duration horizon, long watermark) {
        if (watermark == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return calendar.startOf(calendar.dateOf(watermark - horizon.toMillis()));
    }

    /** The event time at which a business day's state may be cleared. */
    public static long expiryOfDay(BusinessCalendar calendar, Duration horizon, LocalDate day) {
        return calendar.endOf(day) + horizon.toMillis();
    }
}
