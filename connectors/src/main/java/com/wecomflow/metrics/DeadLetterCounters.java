package com.wecomflow.metrics;

import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.DeadLetterKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts the dead letters one operator makes, a counter per {@link DeadLetterKind}:
 * {@code wecom.kind.<kind>.deadLetters}. The kind is a variable of the metric, so a reporter
 * shows it as a label ({@code kind="late_event"}) and a chart adds the counters up across
 * operators and jobs.
 */
public final class DeadLetterCounters {

    private final MetricGroup wecom;
    private final Map<DeadLetterKind, Counter> counters = new EnumMap<>(DeadLetterKind.class);

    private DeadLetterCounters(MetricGroup wecom) {
        this.wecom = wecom;
    }

    /**
     * Registers the kinds the operator can make up front, so that each counter is reported (at 0)
     * before the first such letter and a rate over it starts from its first letter.
     */
    public static DeadLetterCounters register(MetricGroup operator, Set<DeadLetterKind> kinds) {
        DeadLetterCounters counters = new DeadLetterCounters(WeComMetrics.of(operator));
        kinds.forEach(counters::counter);
        return counters;
    }

    /** Counts the letter under its kind and returns it, to be emitted to the dead-letter side output. */
    public DeadLetter count(DeadLetterKind kind, DeadLetter letter) {
        counter(kind).inc();
        return letter;
    }

    private Counter counter(DeadLetterKind kind) {
        return counters.computeIfAbsent(kind, k -> wecom
                .addGroup(WeComMetrics.DEAD_LETTER_KIND, k.metricValue())
                .counter(WeComMetrics.DEAD_LETTERS));
    }
}
