package com.wecomflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.metrics.HarnessMetrics;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.Parsed;
import com.wecomflow.records.RawRecord;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatenessGateTest {

    private static final BusinessCalendar CALENDAR = BusinessCalendar.shanghai();
    private static final Duration HORIZON = Duration.ofDays(35);
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);

    @Test
    void passesEventsUntilTheirDayPlusHorizonHasPassedThenDeadLettersAndCountsTheRawRecord() throws Exception {
        LatenessGate<Long> gate = new LatenessGate<>("job", CALENDAR, HORIZON, millis -> millis);
        HarnessMetrics metrics = new HarnessMetrics();
        try (OneInputStreamOperatorTestHarness<Parsed<Long>, Long> harness = metrics.harness(gate)) {
            long lastMillisOfDay = CALENDAR.endOf(DAY) - 1;
            long nextDay = CALENDAR.endOf(DAY);
            long expiry = CALENDAR.endOf(DAY) + HORIZON.toMillis();

            harness.processWatermark(new Watermark(expiry - 1));
            harness.processElement(parsed(lastMillisOfDay, 7), lastMillisOfDay);
            assertThat(harness.extractOutputValues()).containsExactly(lastMillisOfDay);

            harness.processWatermark(new Watermark(expiry));
            harness.processElement(parsed(lastMillisOfDay, 8), lastMillisOfDay);
            harness.processElement(parsed(nextDay, 9), nextDay);

            assertThat(harness.extractOutputValues()).containsExactly(lastMillisOfDay, nextDay);
            assertThat(harness.getSideOutput(DeadLetters.TAG)).hasSize(1);
            DeadLetter letter = harness.getSideOutput(DeadLetters.TAG).peek().getValue();
            assertThat(letter.reason()).isEqualTo(
                    "event on 2026-10-01 arrived after the lateness horizon of 35 days past its business day");
            assertThat(letter.source()).isEqualTo("wecom.archive.messages");
            assertThat(letter.offset()).isEqualTo(8);
            assertThat(letter.raw()).isEqualTo("{\"raw\":8}");
            assertThat(letter.file()).isEqualTo("messages.jsonl");
            assertThat(metrics.counter("wecom.kind.late_event.deadLetters")).isEqualTo(1);
        }
    }

    @Test
    void theEarliestAcceptedTimeIsTheStartOfTheFirstDayNotYetExpired() {
        long expiry = CALENDAR.endOf(DAY) + HORIZON.toMillis();

        // Just before the day expires its first millisecond is still accepted; at its expiry the next day's is the first.
        assertThat(LatenessGate.acceptedFrom(CALENDAR, HORIZON, expiry - 1)).isEqualTo(CALENDAR.startOf(DAY));
        assertThat(LatenessGate.acceptedFrom(CALENDAR, HORIZON, expiry)).isEqualTo(CALENDAR.endOf(DAY));
        assertThat(LatenessGate.expiryOf(CALENDAR, HORIZON, CALENDAR.endOf(DAY) - 1)).isEqualTo(expiry);
        assertThat(LatenessGate.acceptedFrom(CALENDAR, HORIZON, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    }

    static Parsed<Long> parsed(long millis, long offset) {
        return new Parsed<>(millis, new RawRecord("wecom.archive.messages", 0, offset, "messages.jsonl", offset + 1, null,
                "{\"raw\":" + offset + "}"));
    }

}
