package com.wecomflow.records;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What kind of problem made a dead letter. A dead letter's reason is free text that quotes the
 * record; its kind is one of a few fixed values, decided where the letter is made, so that dead
 * letters can be counted and charted by kind.
 */
public enum DeadLetterKind {

    /** A tombstone: the Kafka record has no value. */
    NO_VALUE("no_value"),
    /** The value is not valid UTF-8 (a GBK export, say). */
    NOT_UTF8("not_utf8"),
    /** Not a JSON object: broken JSON, trailing text, an array or a scalar, an empty value. */
    NOT_JSON("not_json"),
    /** A required field is absent, null or empty. */
    MISSING_FIELD("missing_field"),
    /** A field has the wrong JSON type (a string where an array belongs, ...). */
    WRONG_TYPE("wrong_type"),
    /** A field has the right type and a value the contract refuses (a time in the wrong unit, an unknown action). */
    INVALID_VALUE("invalid_value"),
    /** The parser failed on a record in a way it does not anticipate: a bug to report. */
    PARSER_ERROR("parser_error"),
    /** The event is stamped more than a day ahead of the clock. */
    FUTURE_EVENT("future_event"),
    /** The event's business day was closed (past the lateness horizon) when it arrived. */
    LATE_EVENT("late_event"),
    /** A compliance rule that cannot work (an invalid regex, no words, an unknown key). */
    RULE_REJECTED("rule_rejected"),
    /** A compliance rule that exceeded its matching budget on one message and was skipped for it. */
    RULE_SKIPPED("rule_skipped");

    /** The kinds that parsing an input record can give. */
    public static final Set<DeadLetterKind> OF_PARSING = Collections.unmodifiableSet(EnumSet.of(
            NO_VALUE, NOT_UTF8, NOT_JSON, MISSING_FIELD, WRONG_TYPE, INVALID_VALUE, PARSER_ERROR));

    private final String metricValue;

    DeadLetterKind(String metricValue) {
        this.metricValue = metricValue;
    }

    /** The value of the {@code kind} variable of the dead-letter counters. */
    public String metricValue() {
        return metricValue;
    }
}
