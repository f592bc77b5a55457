package com.wecomflow.functions;

import org.apache.flink.api.common.functions.Function;

/** The event time of a record, in Unix milliseconds. */
@FunctionalInterface
public interface EventTime<T> extends Function {
    long millis(T record);
}
