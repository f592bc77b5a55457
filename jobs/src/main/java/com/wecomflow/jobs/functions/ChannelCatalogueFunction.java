package com.wecomflow.jobs.functions;

import com.wecomflow.functions.Versions;
import com.wecomflow.jobs.records.Channel;
import com.wecomflow.jobs.records.ChannelUpdate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps one catalogue entry's row of {@code channels} ({@code corp/state}) as its updates arrive,
 * in topic order: new content is written with a higher version; a deletion writes the last
 * content once more with {@code is_deleted = 1} (a deletion of an entry never seen writes the
 * key alone, so a row an earlier run left in ClickHouse is hidden too). An update that changes
 * nothing writes nothing.
 */
public final class ChannelCatalogueFunction extends KeyedProcessFunction<String, ChannelUpdate, Channel> {

    private static final long serialVersionUID = 1L;

    /** The entry's last row written; kept after a deletion, so versions keep rising if it comes back. */
    private transient ValueState<Channel> written;

    @Override
    public void open(OpenContext openContext) {
        written = getRuntimeContext().getState(new ValueStateDescriptor<>("written", TypeInformation.of(Channel.class)));
    }

    @Override
    public void processElement(ChannelUpdate update, Context context, Collector<Channel> out) throws Exception {
        Channel previous = written.value();
        Channel next = nextContent(previous, update);
        if (previous != null && previous.withVersion(0).equals(next)) {
            return;
        }
        long version = Versions.next(previous == null ? 0 : previous.version(),
                context.timerService().currentProcessingTime());
        Channel row = next.withVersion(version);
        written.update(row);
        out.collect(row);
    }

    /** The row an update leads to, at version 0. */
    static Channel nextContent(Channel previous, ChannelUpdate update) {
        if (!update.deleted()) {
            return update.row(0);
        }
        return previous == null ? update.row(0).deleted(0) : previous.deleted(0);
    }
}
