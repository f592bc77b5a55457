package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.EmployeeDay;
import com.wecomflow.time.BusinessCalendar;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys an employee-customer contact by the employee and the business day. */
public final class EmployeeDayOf implements KeySelector<CustomerContact, EmployeeDay> {

    private static final long serialVersionUID = 1L;

    private final BusinessCalendar calendar;

    public EmployeeDayOf(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    @Override
    public EmployeeDay getKey(CustomerContact contact) {
        return new EmployeeDay(contact.corpId(), contact.userid(), calendar.dateOf(contact.eventTimeMillis()));
    }
}
