package com.wecomflow.functions;

import com.wecomflow.metrics.DeadLetterCounters;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.DeadLetterKind;
import com.wecomflow.records.Parsed;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rejects events stamped more than {@link #MAX_AHEAD_OF_CLOCK} ahead of the wall clock, before
 * they reach the watermark generator: one bogus far-future time would otherwise drag the
 * watermark forward and make every real event after it look late. They go to
 * {@link DeadLetters#TAG} with the reason and their raw text, counted as {@code future_event}.
 */
public final class FutureEventGate<T> extends ProcessFunction<Parsed<T>, Parsed<T>> {

    private static final long serialVersionUID = 1L;

    /** How far ahead of our clock an event may be (clock skew between WeCom and us). */
    public static final Duration MAX_AHEAD_OF_CLOCK = Duration.ofDays(1);

    private final String job;
    private final EventTime<T> eventTime;
    private transient DeadLetterCounters deadLetters;

    public FutureEventGate(String job, EventTime<T> eventTime) {
        this.job = job;
        this.eventTime = eventTime;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetterCounters.register(
                getRuntimeContext().getMetricGroup(), Set.of(DeadLetterKind.FUTURE_EVENT));
    }

    @Override
    public void processElement(Parsed<T> record, Context context, Collector<Parsed<T>> out) {
        long millis = eventTime.millis(record.value());
        long latestTrusted = context.timerService().currentProcessingTime() + MAX_AHEAD_OF_CLOCK.toMillis();
        if (millis > latestTrusted) {
            DeadLetter letter = DeadLetter.of(job, "event time " + Instant.ofEpochMilli(millis)
                    + " is more than " + MAX_AHEAD_OF_CLOCK.toHours() + " hours ahead of the clock", record.raw());
            context.output(DeadLetters.TAG, deadLetters.count(DeadLetterKind.FUTURE_EVENT, letter));
        } else {
            out.collect(record);
        }
    }
}
