package com.wecomflow.kafka;

import com.wecomflow.records.RawRecord;
import com.wecomflow.text.Utf8;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a Kafka record as a {@link RawRecord} without interpreting it: parsing happens in the job,
 * where a malformed value becomes a dead letter instead of a failed source. A value that is not
 * valid UTF-8 is marked so ({@link RawRecord#textProblem()}) rather than decoded into replacement
 * characters that the jobs would process as text.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(toRawRecord(record));
    }

    /** The record as the jobs see it; also for readers outside a job (the rules snapshot). */
    public static RawRecord toRawRecord(ConsumerRecord<byte[], byte[]> record) {
        Utf8.Decoded value = record.value() == null ? null : Utf8.decodeText(record.value());
        String file = header(record, Topics.HEADER_SOURCE_FILE);
        String line = header(record, Topics.HEADER_SOURCE_LINE);
        return new RawRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                file,
                lineNumber(line),
                record.key() == null ? null : Utf8.stripByteOrderMark(new String(record.key(), StandardCharsets.UTF_8)),
                value == null ? null : value.text(),
                value == null ? null : value.problem());
    }

    /** Line numbers are informational: a header we cannot read must not fail the source. */
    private static long lineNumber(String header) {
        if (header == null) {
            return 0L;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
