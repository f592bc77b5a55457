package com.wecomflow.jobs.monitors;

import com.wecomflow.records.ArchiveMessage;
import org.apache.flink.api.common.functions.FilterFunction;

/** The messages a flood is made of: counted messages in a group. */
public final class CountedGroupMessages implements FilterFunction<ArchiveMessage> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(ArchiveMessage message) {
        return message.isCounted() && message.isGroupMessage();
    }
}
