package com.wecomflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.records.DeadLetter;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LatenessGateTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);

    @Test
    void passesEventsUntilTheirDayPlusHorizonHasPassedThenDeadLettersThem() throws Exception {
        LatenessGate<Long> gate = new LatenessGate<>("job", "topic", CALENDAR, HORIZON, millis -> millis);
        try (OneInputStreamOperatorTestHarness<Long, Long> harness = ProcessFunctionTestHarnesses.forProcessFunction(gate)) {
            long lastMillisOfDay = CALENDAR.endOf(DAY) - 1;
            long expiry = CALENDAR.endOf(DAY) + HORIZON.toMillis();

            harness.processWatermark(new Watermark(expiry - 1));
            harness.processElement(new StreamRecord<>(lastMillisOfDay, lastMillisOfDay));
            assertThat(harness.extractOutputValues()).containsExactly(lastMillisOfDay);

            harness.processWatermark(new Watermark(expiry));
            harness.processElement(new StreamRecord<>(lastMillisOfDay, lastMillisOfDay));
            long nextDay = CALENDAR.endOf(DAY);
            harness.processElement(new StreamRecord<>(nextDay, nextDay));

            assertThat(harness.extractOutputValues()).containsExactly(lastMillisOfDay, nextDay);
            assertThat(harness.getSideOutput(DeadLetters.TAG)).hasSize(1);
            DeadLetter letter = harness.getSideOutput(DeadLetters.TAG).peek().getValue();
            assertThat(letter.reason()).contains("2026-10-01").contains("lateness horizon of 35 days");
            assertThat(letter.source()).isEqualTo("topic");
            assertThat(letter.raw()).isEqualTo(Long.toString(lastMillisOfDay));
        }
    }
}
