package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.Customer;
import com.wecomflow.jobs.records.CustomerEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a customer event by the customer. */
public final class CustomerOf implements KeySelector<CustomerEvent, Customer> {

    private static final long serialVersionUID = 1L;

    @Override
    public Customer getKey(CustomerEvent event) {
        return new Customer(event.corpId(), event.customerId());
    }
}
