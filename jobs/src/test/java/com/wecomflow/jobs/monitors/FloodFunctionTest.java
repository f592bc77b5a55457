package com.wecomflow.jobs.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.jobs.records.FloodWindow;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FloodFunctionTest {

    /** 2026-03-02 10:00:00 in Shanghai: a whole minute, so windows of 60 s start on it. */
    private static final long MINUTE = Instant.parse("2026-03-02T02:00:00Z").toEpochMilli();
    private static final Duration HORIZON = Duration.ofDays(35);

    private int sequence;

    private KeyedOneInputStreamOperatorTestHarness<FloodWindow, ArchiveMessage, ComplianceAlert> harness(int messages, int seconds)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<FloodWindow, ArchiveMessage, ComplianceAlert> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new FloodFunction(BusinessCalendar.shanghai(), messages, Duration.ofSeconds(seconds), HORIZON),
                        new FloodWindowOf(Duration.ofSeconds(seconds)), TypeInformation.of(FloodWindow.class));
        return harness;
    }

    private ArchiveMessage message(String from, String room, long millis) {
        return new ArchiveMessage("wwcorp", "m" + sequence++, 1L, "send", from, List.of(), room, millis, "text", "x", List.of("x"));
    }

    @Test
    void exactlyFloodMessagesInOneWindowAlertOnceAtTheWindowStart() throws Exception {
        try (var harness = harness(10, 60)) {
            for (int i = 0; i < 12; i++) {
                // Out of order inside the window: the count, not the order, decides.
                harness.processElement(message("wmFlooder", "wrGroup", MINUTE + 59_999 - i * 5_000L), 0);
            }

            assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
                assertThat(alert.ruleId()).isEqualTo("builtin.flood");
                assertThat(alert.msgTime()).isEqualTo("2026-03-02 10:00:00.000");
                assertThat(alert.msgid()).isEmpty();
                assertThat(alert.roomid()).isEqualTo("wrGroup");
                assertThat(alert.sender()).isEqualTo("wmFlooder");
                assertThat(alert.senderType()).isEqualTo("customer");
                assertThat(alert.category()).isEqualTo("flood");
                assertThat(alert.severity()).isEqualTo("medium");
                assertThat(alert.matched()).isEqualTo("10 messages in 60 s");
                assertThat(alert.isDeleted()).isZero();
                assertThat(alert.alertId()).isEqualTo(
                        MonitorAlerts.alertId("builtin.flood", "wrGroup", "wmFlooder", Long.toString(MINUTE)));
            });
        }
    }

    @Test
    void oneMessageFewerDoesNotAlert() throws Exception {
        try (var harness = harness(10, 60)) {
            for (int i = 0; i < 9; i++) {
                harness.processElement(message("wmFlooder", "wrGroup", MINUTE + i * 1_000L), 0);
            }
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void theSameCountAcrossAWindowBoundaryDoesNotAlert() throws Exception {
        try (var harness = harness(10, 60)) {
            // Ten messages within 10 seconds, but five on each side of 10:01:00.
            for (int i = 0; i < 10; i++) {
                harness.processElement(message("wmFlooder", "wrGroup", MINUTE + 55_000 + i * 1_000L), 0);
            }
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void sendersAndGroupsAreCountedApart() throws Exception {
        try (var harness = harness(3, 60)) {
            harness.processElement(message("wmA", "wrOne", MINUTE), 0);
            harness.processElement(message("wmA", "wrOne", MINUTE + 1), 0);
            harness.processElement(message("wmB", "wrOne", MINUTE + 2), 0);
            harness.processElement(message("wmA", "wrTwo", MINUTE + 3), 0);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processElement(message("lisi", "wrOne", MINUTE + 4), 0);
            harness.processElement(message("wmA", "wrOne", MINUTE + 5), 0);
            assertThat(harness.extractOutputValues()).extracting(ComplianceAlert::sender, ComplianceAlert::roomid)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("wmA", "wrOne"));
        }
    }

    @Test
    void windowsAlignToTheEpochWhateverTheirLength() throws Exception {
        try (var harness = harness(2, 7)) {
            long windowStart = Math.floorDiv(MINUTE, 7_000L) * 7_000L;
            harness.processElement(message("wmA", "wrOne", windowStart + 6_999), 0);
            harness.processElement(message("wmA", "wrOne", windowStart + 7_000), 0);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processElement(message("wmA", "wrOne", windowStart + 13_999), 0);
            assertThat(harness.extractOutputValues()).singleElement().extracting(ComplianceAlert::msgTime)
                    .isEqualTo(BusinessCalendar.shanghai().formatDateTime(windowStart + 7_000));
        }
    }

    @Test
    void aWindowsCountIsClearedOnceTheHorizonHasPassedItAndALaterMessageForItIsDeadLettered() throws Exception {
        try (var harness = harness(2, 60)) {
            harness.processElement(message("wmA", "wrOne", MINUTE), 0);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

            harness.processWatermark(MINUTE + 60_000 + HORIZON.toMillis());
            assertThat(harness.numKeyedStateEntries()).isZero();

            harness.processElement(message("wmA", "wrOne", MINUTE + 1), 0);
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(DeadLetters.TAG)).singleElement()
                    .satisfies(letter -> assertThat(letter.getValue().reason()).contains("lateness horizon"));
        }
    }
}
