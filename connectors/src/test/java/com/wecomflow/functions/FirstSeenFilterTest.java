package com.wecomflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FirstSeenFilterTest {

    @Test
    void letsTheFirstRecordOfEachIdentityThroughOnly() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new FirstSeenFilter<String>(Duration.ofDays(36)),
                        record -> record.substring(0, record.indexOf(':')),
                        Types.STRING)) {
            harness.processElement("corp/m1:first", 1L);
            harness.processElement("corp/m2:other", 2L);
            harness.processElement("corp/m1:retry", 3L);
            harness.processElement("corp/m1:third", 4L);

            assertThat(harness.extractOutputValues()).containsExactly("corp/m1:first", "corp/m2:other");
        }
    }
}
