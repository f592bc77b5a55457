package com.wecomflow.kafka;

import com.wecomflow.records.RawRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a Kafka record as a {@link RawRecord} without interpreting it: parsing happens in the job,
 * where a malformed value becomes a dead letter instead of a failed source.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        String text = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        String file = header(record, Topics.HEADER_SOURCE_FILE);
        String line = header(record, Topics.HEADER_SOURCE_LINE);
        out.collect(new RawRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                file,
                lineNumber(line),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                text));
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
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
