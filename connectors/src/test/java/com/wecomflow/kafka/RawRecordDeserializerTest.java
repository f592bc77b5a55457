package com.wecomflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.records.RawRecord;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RawRecordDeserializerTest {

    private static ConsumerRecord<byte[], byte[]> consumerRecord(byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                Topics.ARCHIVE_MESSAGES, 2, 99L, "ww/wr1".getBytes(StandardCharsets.UTF_8), value);
        record.headers().add(Topics.HEADER_SOURCE_FILE, "messages.jsonl".getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_SOURCE_LINE, "12".getBytes(StandardCharsets.UTF_8));
        record.headers().add("a-null-header", null);
        return record;
    }

    @Test
    void utf8TextIsReadAsIs() {
        RawRecord raw = RawRecordDeserializer.toRawRecord(consumerRecord("{\"text\":\"加微信\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(raw).isEqualTo(new RawRecord(
                Topics.ARCHIVE_MESSAGES, 2, 99L, "messages.jsonl", 12L, "ww/wr1", "{\"text\":\"加微信\"}", null));
    }

    @Test
    void aByteOrderMarkBeforeTheValueIsSkipped() {
        RawRecord raw = RawRecordDeserializer.toRawRecord(consumerRecord("\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(raw.text()).isEqualTo("{\"a\":1}");
        assertThat(raw.textProblem()).isNull();
    }

    @Test
    void gbkBytesAreMarkedNotValidUtf8() {
        RawRecord raw = RawRecordDeserializer.toRawRecord(consumerRecord("{\"text\":\"加微信\"}".getBytes(Charset.forName("GBK"))));

        assertThat(raw.textProblem()).startsWith("not valid UTF-8 (invalid byte at offset 9");
        assertThat(raw.text()).doesNotContain("加微信");
    }

    @Test
    void aTombstoneHasNoTextAndNoProblem() {
        RawRecord raw = RawRecordDeserializer.toRawRecord(consumerRecord(null));

        assertThat(raw.text()).isNull();
        assertThat(raw.textProblem()).isNull();
    }
}
