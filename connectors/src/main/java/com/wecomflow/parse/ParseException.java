package com.wecomflow.parse;

import com.wecomflow.records.DeadLetterKind;

/**
 * A record is not what the contract says it must be; the message is the dead-letter reason and
 * {@link #kind()} what kind of problem it is.
 */
public class ParseException extends Exception {

    private final DeadLetterKind kind;

    public ParseException(DeadLetterKind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public DeadLetterKind kind() {
        return kind;
    }
}
