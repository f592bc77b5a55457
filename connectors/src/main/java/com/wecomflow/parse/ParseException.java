package com.wecomflow.parse;

/** A record is not what the contract says it must be; the message is the dead-letter reason. */
public class ParseException extends Exception {
    public ParseException(String reason) {
        super(reason);
    }
}
