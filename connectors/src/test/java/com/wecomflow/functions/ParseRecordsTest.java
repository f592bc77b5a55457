package com.wecomflow.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.metrics.HarnessMetrics;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.Parsed;
import com.wecomflow.records.RawRecord;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParseRecordsTest {

    private static final String TOPIC = "wecom.callback.events";

    @Test
    void countsEveryRecordOnceAsParsedIgnoredOrADeadLetterOfItsKind() throws Exception {
        HarnessMetrics metrics = new HarnessMetrics();
        try (OneInputStreamOperatorTestHarness<RawRecord, Parsed<CallbackEvent>> harness =
                metrics.harness(new ParseRecords<>("job", new CallbackEventParser()))) {
            harness.processElement(record(1, """
                    {"ToUserName":"ww1","CreateTime":1780000000,"Event":"change_external_contact",
                     "ChangeType":"add_external_contact","UserID":"zhangsan","ExternalUserID":"wmC1"}"""), 0);
            harness.processElement(record(2, """
                    {"ToUserName":"ww1","CreateTime":1780000000,"Event":"change_external_tag","ChangeType":"create"}"""), 0);
            harness.processElement(record(3, null), 0);
            harness.processElement(new RawRecord(TOPIC, 0, 4, null, 0, null, "\uFFFD\uFFFD", "not valid UTF-8"), 0);
            harness.processElement(record(5, "{\"ToUserName\":"), 0);
            harness.processElement(record(6, "[1, 2]"), 0);
            harness.processElement(record(7, """
                    {"CreateTime":1780000000,"Event":"change_external_contact"}"""), 0);
            harness.processElement(record(8, """
                    {"ToUserName":"ww1","CreateTime":"soon","Event":"change_external_contact"}"""), 0);
            harness.processElement(record(9, """
                    {"ToUserName":"ww1","CreateTime":1780000000000,"Event":"change_external_contact"}"""), 0);
            harness.processElement(record(10, """
                    {"ToUserName":"ww1","CreateTime":1780000000,"Event":"change_external_chat","ChangeType":"update",
                     "ChatId":"wrG1","UpdateDetail":"add_member","MemChangeList":{"Member":"wmC1"}}"""), 0);

            assertThat(harness.extractOutputValues()).extracting(parsed -> parsed.value().externalUserId())
                    .containsExactly("wmC1");
            assertThat(harness.getSideOutput(DeadLetters.TAG)).extracting(StreamRecord::getValue)
                    .extracting(DeadLetter::offset).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(metrics.counter("wecom.recordsIn")).isEqualTo(10);
            assertThat(metrics.counter("wecom.recordsParsed")).isEqualTo(1);
            assertThat(metrics.counter("wecom.recordsIgnored")).isEqualTo(1);
            assertThat(deadLettersByKind(metrics)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "no_value", 1L,
                    "not_utf8", 1L,
                    "not_json", 2L,
                    "missing_field", 1L,
                    "wrong_type", 2L,
                    "invalid_value", 1L,
                    "parser_error", 0L));
        }
    }

    @Test
    void aParserFailingUnexpectedlyIsCountedAsAParserErrorAndTheRecordKept() throws Exception {
        HarnessMetrics metrics = new HarnessMetrics();
        try (OneInputStreamOperatorTestHarness<RawRecord, Parsed<String>> harness =
                metrics.harness(new ParseRecords<String>("job", ParseRecordsTest::failUnexpectedly))) {
            harness.processElement(record(1, "{}"), 0);

            assertThat(harness.getSideOutput(DeadLetters.TAG)).singleElement().extracting(StreamRecord::getValue)
                    .satisfies(letter -> assertThat(letter.reason()).startsWith("unreadable record: "));
            assertThat(metrics.counter("wecom.kind.parser_error.deadLetters")).isEqualTo(1);
            assertThat(metrics.counter("wecom.kind.not_json.deadLetters")).isZero();
        }
    }

    private static Map<String, Long> deadLettersByKind(HarnessMetrics metrics) {
        return Map.of(
                "no_value", metrics.counter("wecom.kind.no_value.deadLetters"),
                "not_utf8", metrics.counter("wecom.kind.not_utf8.deadLetters"),
                "not_json", metrics.counter("wecom.kind.not_json.deadLetters"),
                "missing_field", metrics.counter("wecom.kind.missing_field.deadLetters"),
                "wrong_type", metrics.counter("wecom.kind.wrong_type.deadLetters"),
                "invalid_value", metrics.counter("wecom.kind.invalid_value.deadLetters"),
                "parser_error", metrics.counter("wecom.kind.parser_error.deadLetters"));
    }

    private static Optional<String> failUnexpectedly(String text) {
        throw new IllegalStateException("a parser bug");
    }

    private static RawRecord record(long offset, String text) {
        return new RawRecord(TOPIC, 0, offset, null, 0, null, text);
    }
}
