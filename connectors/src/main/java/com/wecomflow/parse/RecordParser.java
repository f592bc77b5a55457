package com.wecomflow.parse;

import com.wecomflow.records.DeadLetterKind;
import java.io.Serializable;
import java.util.Optional;

/**
 * Turns one record's text into a typed record.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {

    /**
     * @return the record, or empty when the input is valid but of a kind the jobs ignore
     * @throws ParseException when the input is malformed; the message is the dead-letter reason
     */
    Optional<T> parse(String text) throws ParseException;

    /**
     * The record with its Kafka key, for a topic whose key says what the value is about (the
     * catalogue's {@code corp/state}); the input topics' keys only place records, so by default
     * the key plays no part.
     */
    default Optional<T> parse(String key, String text) throws ParseException {
        return parse(text);
    }

    /**
     * A record without a value: on a compacted topic, the deletion of what its key names; on the
     * input topics (the default), a malformed record.
     */
    default Optional<T> parseTombstone(String key) throws ParseException {
        throw new ParseException(DeadLetterKind.NO_VALUE, "record has no value (tombstone)");
    }
}
