package com.wecomflow.functions;

import com.wecomflow.metrics.DeadLetterCounters;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.DeadLetterKind;
import java.util.Set;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * A keyed function that closes state by event time and must keep it closed across restores: it
 * decides by {@link #watermark}, the highest watermark seen including before the last restore
 * ({@link WatermarkMemory}), rather than by Flink's current watermark alone. An event for state
 * already closed is refused with {@link #refuseLate}.
 */
public abstract class WatermarkAwareFunction<K, I, O> extends KeyedProcessFunction<K, I, O>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final WatermarkMemory watermarks = new WatermarkMemory("highest-watermark");
    private transient DeadLetterCounters deadLetters;

    /** The watermark to decide by; call it in timers too, so the closing watermark is remembered. */
    protected final long watermark(Context context) {
        return watermarks.watermark(context.timerService().currentWatermark());
    }

    /** Emits the dead letter of an event that came after its state was closed, counted as {@code late_event}. */
    protected final void refuseLate(Context context, DeadLetter letter) {
        context.output(DeadLetters.TAG, deadLetters.count(DeadLetterKind.LATE_EVENT, letter));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        watermarks.initialize(context);
        // Registered here rather than in open(), which subclasses override for their own state.
        deadLetters = DeadLetterCounters.register(
                getRuntimeContext().getMetricGroup(), Set.of(DeadLetterKind.LATE_EVENT));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        watermarks.snapshot();
    }
}
