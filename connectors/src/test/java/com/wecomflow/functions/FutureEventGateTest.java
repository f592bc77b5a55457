package com.wecomflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.metrics.HarnessMetrics;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.Parsed;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FutureEventGateTest {

    private static final long DAY = 24 * 3600 * 1000L;

    @Test
    void rejectsAndCountsEventsMoreThanADayAheadOfTheClockWithTheirRawText() throws Exception {
        HarnessMetrics metrics = new HarnessMetrics();
        try (OneInputStreamOperatorTestHarness<Parsed<Long>, Parsed<Long>> harness =
                metrics.harness(new FutureEventGate<Long>("job", millis -> millis))) {
            long now = 1_795_000_000_000L;
            harness.setProcessingTime(now);

            harness.processElement(LatenessGateTest.parsed(now - 40 * DAY, 1), 0);
            harness.processElement(LatenessGateTest.parsed(now + DAY, 2), 0);
            harness.processElement(LatenessGateTest.parsed(now + DAY + 1, 3), 0);
            harness.processElement(LatenessGateTest.parsed(32_503_680_000_000L, 4), 0);

            assertThat(harness.extractOutputValues()).extracting(Parsed::value).containsExactly(now - 40 * DAY, now + DAY);
            assertThat(harness.getSideOutput(DeadLetters.TAG)).extracting(r -> r.getValue().offset()).containsExactly(3L, 4L);
            DeadLetter year3000 = harness.getSideOutput(DeadLetters.TAG).stream().toList().get(1).getValue();
            assertThat(year3000.reason()).isEqualTo("event time 3000-01-01T00:00:00Z is more than 24 hours ahead of the clock");
            assertThat(year3000.raw()).isEqualTo("{\"raw\":4}");
            assertThat(metrics.counter("wecom.kind.future_event.deadLetters")).isEqualTo(2);
        }
    }
}
