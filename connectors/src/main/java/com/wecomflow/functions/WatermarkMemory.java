package com.wecomflow.functions;

import java.io.Serializable;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The highest watermark an operator has seen, kept in checkpoints. Flink does not checkpoint
 * watermarks: after a restore the watermark starts from nothing until the sources emit again,
 * and the records replayed from the checkpointed offsets arrive in that gap. Functions that close
 * business days by watermark ask this memory instead, so a day closed before a failure stays
 * closed after it.
 */
public final class WatermarkMemory implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private transient ListState<Long> checkpointed;
    private transient long highest;

    /** @param name unique within the function */
    public WatermarkMemory(String name) {
        this.name = name;
    }

    /** Call from {@code initializeState}: restores the highest watermark any subtask had seen. */
    public void initialize(FunctionInitializationContext context) throws Exception {
        checkpointed = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>(name, Types.LONG));
        highest = Long.MIN_VALUE;
        for (Long watermark : checkpointed.get()) {
            highest = Math.max(highest, watermark);
        }
    }

    /** The watermark to decide by: the current one, or the highest seen before, whichever is later. */
    public long watermark(long current) {
        highest = Math.max(highest, current);
        return highest;
    }

    /** Call from {@code snapshotState}. */
    public void snapshot() throws Exception {
        checkpointed.update(java.util.List.of(highest));
    }
}
