package com.wecomflow.records;

/**
 * A parsed record together with the raw record it came from, kept until the event has passed every
 * check that can still reject it, so that a rejection dead-letters the text as received.
 */
public record Parsed<T>(T value, RawRecord raw) {}
