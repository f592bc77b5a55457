package com.wecomflow.parse;

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
}
