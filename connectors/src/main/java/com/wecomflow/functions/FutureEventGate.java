package com.wecomflow.functions;

import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.Parsed;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rejects events stamped more than {@link #MAX_AHEAD_OF_CLOCK} ahead of the wall clock, before
 * they reach the watermark generator: one bogus far-future time would otherwise drag the
 * watermark forward and make every real event after it look late. They go to
 * {@link DeadLetters#TAG} with the reason and their raw text.
 */
public final class FutureEventGate<T> extends ProcessFunction<Parsed<T>, Parsed<T>> {

    private static final long serialVersionUID = 1L;

    /** How far ahead of our clock an event may be (clock skew between WeCom and us). */
    public static final Duration MAX_AHEAD_OF_CLOCK = Duration.ofDays(1);

    private final String job;
    private final EventTime<T> eventTime;

    public FutureEventGate(String job, EventTime<T> eventTime) {
        this.job = job;
        this.eventTime = eventTime;
    }

    @Override
    public void processElement(Parsed<T> record, Context context, Collector<Parsed<T>> out) {
        long millis = eventTime.millis(record.value());
        long latestTrusted = context.timerService().currentProcessingTime() + MAX_AHEAD_OF_CLOCK.toMillis();
        if (millis > latestTrusted) {
            context.output(DeadLetters.TAG, DeadLetter.of(job, "event time " + Instant.ofEpochMilli(millis)
                    + " is more than " + MAX_AHEAD_OF_CLOCK.toHours() + " hours ahead of the clock", record.raw()));
        } else {
            out.collect(record);
        }
    }
}
