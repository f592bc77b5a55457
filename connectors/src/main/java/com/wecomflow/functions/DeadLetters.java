package com.wecomflow.functions;

import com.wecomflow.records.DeadLetter;
import org.apache.flink.util.OutputTag;

/** The side output every function rejects records into. */
public final class DeadLetters {

    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}
}
