package com.wecomflow.functions;

import com.wecomflow.metrics.WeComMetrics;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first record of each identity (the key) through and drops the rest: WeCom retries
 * callbacks and archive pulls overlap, and neither may count twice. An identity is remembered
 * for {@code retention}, which must cover the lateness horizon. What it drops is counted in
 * {@code wecom.duplicatesDropped}.
 */
public final class FirstSeenFilter<T> extends KeyedProcessFunction<String, T, T> {

    private static final long serialVersionUID = 1L;

    private final Duration retention;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicatesDropped;

    public FirstSeenFilter(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                // RocksDB drops expired ids while compacting, so a month of message ids does not stay forever.
                .cleanupInRocksdbCompactFilter(1000)
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicatesDropped = WeComMetrics.of(getRuntimeContext().getMetricGroup())
                .counter(WeComMetrics.DUPLICATES_DROPPED);
    }

    @Override
    public void processElement(T record, Context context, Collector<T> out) throws Exception {
        if (seen.value() == null) {
            seen.update(Boolean.TRUE);
            out.collect(record);
        } else {
            duplicatesDropped.inc();
        }
    }
}
