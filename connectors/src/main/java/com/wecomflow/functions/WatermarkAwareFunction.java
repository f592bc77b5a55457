package com.wecomflow.functions;

import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * A keyed function that closes state by event time and must keep it closed across restores: it
 * decides by {@link #watermark}, the highest watermark seen including before the last restore
 * ({@link WatermarkMemory}), rather than by Flink's current watermark alone.
 */
public abstract class WatermarkAwareFunction<K, I, O> extends KeyedProcessFunction<K, I, O>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final WatermarkMemory watermarks = new WatermarkMemory("highest-watermark");

    /** The watermark to decide by; call it in timers too, so the closing watermark is remembered. */
    protected final long watermark(Context context) {
        return watermarks.watermark(context.timerService().currentWatermark());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        watermarks.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        watermarks.snapshot();
    }
}
