package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.CustomerContact.Kind;
import com.wecomflow.records.CallbackEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Turns a customer adding ({@code add_*_external_contact}) or deleting ({@code del_follow_user}) an employee into a contact. */
public final class ContactChanges implements FlatMapFunction<CallbackEvent, CustomerContact> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(CallbackEvent event, Collector<CustomerContact> out) {
        Kind kind;
        if (event.isContactAdded()) {
            kind = Kind.ADDED;
        } else if (event.isCustomerChurn()) {
            kind = Kind.CHURNED;
        } else {
            return;
        }
        out.collect(new CustomerContact(
                event.corpId(), event.userId(), event.externalUserId(), kind, event.createTimeMillis(), false));
    }
}
