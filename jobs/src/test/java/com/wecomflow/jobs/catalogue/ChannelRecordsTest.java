package com.wecomflow.jobs.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.wecomflow.functions.DeadLetters;
import com.wecomflow.functions.ParseRecords;
import com.wecomflow.jobs.records.ChannelUpdate;
import com.wecomflow.kafka.Topics;
import com.wecomflow.metrics.HarnessMetrics;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.Parsed;
import com.wecomflow.records.RawRecord;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's records through the parse step every job uses: keys and tombstones reach the
 * parser, bad records become dead letters of their kind, and the metrics count each record once.
 */
class ChannelRecordsTest {

    @Test
    void entriesAndDeletionsPassAndBadRecordsAreDeadLetteredCountedByKind() throws Exception {
        HarnessMetrics metrics = new HarnessMetrics();
        try (OneInputStreamOperatorTestHarness<RawRecord, Parsed<ChannelUpdate>> harness =
                metrics.harness(new ParseRecords<>("channel-catalogue", new ChannelParser()))) {
            harness.processElement(record(1, "ww1/c1", "{\"corp_id\":\"ww1\",\"state\":\"c1\",\"name\":\"公众号菜单\"}", null), 0);
            harness.processElement(record(2, "ww1/c1", null, null), 0);
            harness.processElement(record(3, "c1", null, null), 0);
            harness.processElement(record(4, "ww1/c2", "{\"corp_id\":\"ww1\",\"state\":\"c2\",\"nmae\":\"x\"}", null), 0);
            harness.processElement(record(5, "ww1/c9", "{\"corp_id\":\"ww1\",\"state\":\"c3\"}", null), 0);
            harness.processElement(record(6, "ww1/c4", "{\"corp_id\":\"ww1\",\"state\":\"c4\",\"name\":\"\uFFFD\"}",
                    "not valid UTF-8: invalid byte 0xC4 at offset 40"), 0);

            assertThat(harness.extractOutputValues()).extracting(Parsed::value).containsExactly(
                    new ChannelUpdate("ww1", "c1", "公众号菜单", "", "", "", "", "", 0, false),
                    new ChannelUpdate("ww1", "c1", "", "", "", "", "", "", 0, true));
            assertThat(harness.getSideOutput(DeadLetters.TAG)).extracting(StreamRecord::getValue)
                    .extracting(DeadLetter::offset, DeadLetter::reason)
                    .containsExactly(
                            tuple(3L,
                                    "a record without a value deletes the channel its key corp/state names; its key is c1"),
                            tuple(4L, "channel ww1/c2: unknown key nmae (known: corp_id, state, "
                                    + "name, kind, campaign, region, store, inviter, target)"),
                            tuple(5L,
                                    "channel ww1/c3: the record's key is ww1/c9, not corp_id/state ww1/c3"),
                            tuple(6L, "not valid UTF-8: invalid byte 0xC4 at offset 40"));
            assertThat(metrics.counter("wecom.recordsIn")).isEqualTo(6);
            assertThat(metrics.counter("wecom.recordsParsed")).isEqualTo(2);
            assertThat(metrics.counter("wecom.kind.no_value.deadLetters")).isEqualTo(1);
            assertThat(metrics.counter("wecom.kind.invalid_value.deadLetters")).isEqualTo(2);
            assertThat(metrics.counter("wecom.kind.not_utf8.deadLetters")).isEqualTo(1);
        }
    }

    private static RawRecord record(long offset, String key, String text, String textProblem) {
        return new RawRecord(Topics.CHANNELS, 0, offset, null, 0, key, text, textProblem);
    }
}
