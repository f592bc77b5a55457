package com.wecomflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.metrics.HarnessMetrics;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FirstSeenFilterTest {

    @Test
    void letsTheFirstRecordOfEachIdentityThroughOnlyAndCountsTheRest() throws Exception {
        HarnessMetrics metrics = new HarnessMetrics();
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> harness = metrics.keyedHarness(
                new FirstSeenFilter<String>(Duration.ofDays(36)), FirstSeenFilterTest::identity, Types.STRING)) {
            harness.processElement("corp/m1:first", 1L);
            harness.processElement("corp/m2:other", 2L);
            harness.processElement("corp/m1:retry", 3L);
            harness.processElement("corp/m1:third", 4L);

            assertThat(harness.extractOutputValues()).containsExactly("corp/m1:first", "corp/m2:other");
            assertThat(metrics.counter("wecom.duplicatesDropped")).isEqualTo(2);
        }
    }

    private static String identity(String record) {
        return record.substring(0, record.indexOf(':'));
    }
}
