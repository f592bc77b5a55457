package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.ChannelUpdate;
import com.wecomflow.kafka.RecordKeys;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a catalogue update by its entry, {@code corp/state}, as the topic keys it. */
public final class ChannelKeyOf implements KeySelector<ChannelUpdate, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ChannelUpdate update) {
        return new RecordKeys.ChannelKey(update.corpId(), update.state()).text();
    }
}
