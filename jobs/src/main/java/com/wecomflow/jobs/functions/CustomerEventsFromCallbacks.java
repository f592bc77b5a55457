package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.CustomerEvent;
import com.wecomflow.jobs.records.CustomerEvent.Kind;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.records.MemberType;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The funnel's callback events: adds (with their channel), customers joining groups, customers
 * deleting employees and employees deleting customers.
 */
public final class CustomerEventsFromCallbacks implements FlatMapFunction<CallbackEvent, CustomerEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(CallbackEvent event, Collector<CustomerEvent> out) {
        long at = event.createTimeMillis();
        if (event.isContactAdded()) {
            out.collect(new CustomerEvent(event.corpId(), event.externalUserId(), Kind.ADDED, at,
                    event.state() == null ? "" : event.state(), event.userId()));
        } else if (event.isCustomerChurn()) {
            out.collect(new CustomerEvent(event.corpId(), event.externalUserId(), Kind.DELETED_EMPLOYEE, at, null,
                    event.userId()));
        } else if (event.isContactRemoved()) {
            out.collect(new CustomerEvent(event.corpId(), event.externalUserId(), Kind.REMOVED_BY_EMPLOYEE, at, null,
                    event.userId()));
        } else if (event.isMembersAdded()) {
            for (String member : event.memChangeList()) {
                if (MemberType.isCustomer(member)) {
                    out.collect(new CustomerEvent(event.corpId(), member, Kind.JOINED_GROUP, at, null, null));
                }
            }
        }
    }
}
