package com.wecomflow.jobs.monitors;

import com.wecomflow.records.CallbackEvent;
import org.apache.flink.api.common.functions.FilterFunction;

/** Employees deleting customers ({@code del_external_contact}), what a mass deletion is made of. */
public final class ContactRemovals implements FilterFunction<CallbackEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(CallbackEvent event) {
        return event.isContactRemoved() && event.userId() != null && event.externalUserId() != null;
    }
}
