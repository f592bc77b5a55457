package com.wecomflow.jobs.monitors;

import com.wecomflow.jobs.records.EmployeeDay;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.time.BusinessCalendar;
import org.apache.flink.api.java.functions.KeySelector;

/** The employee who deleted a customer, and the business day of the deletion. */
public final class DeletingEmployeeDayOf implements KeySelector<CallbackEvent, EmployeeDay> {

    private static final long serialVersionUID = 1L;

    private final BusinessCalendar calendar;

    public DeletingEmployeeDayOf(BusinessCalendar calendar) {
        this.calendar = calendar;
    }

    @Override
    public EmployeeDay getKey(CallbackEvent event) {
        return new EmployeeDay(event.corpId(), event.userId(), calendar.dateOf(event.createTimeMillis()));
    }
}
