package com.wecomflow.jobs.functions;

import com.wecomflow.functions.BusinessDayFunction;
import com.wecomflow.jobs.records.CustomerContact;
import com.wecomflow.jobs.records.EmployeeDailyBehavior;
import com.wecomflow.jobs.records.EmployeeDay;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Maintains one {@code employee_daily_behavior} row per employee and business day, WeCom's "user
 * behavior data" computed live. Per customer it keeps only what the definitions need: whether
 * the customer added or deleted the employee that day, and the first message time in each
 * direction. A chat is customer-initiated when the customer's first message is strictly earlier
 * than the employee's (or the employee wrote nothing), and replied when the employee wrote too;
 * its reply time is the employee's first message minus the customer's. Being minima, these do not
 * depend on arrival order; the day's totals are updated by each customer's change in
 * contribution, so every event costs the same whatever the number of customers.
 */
public final class EmployeeDailyBehaviorFunction
        extends BusinessDayFunction<EmployeeDay, CustomerContact, EmployeeDailyBehavior> {

    private static final long serialVersionUID = 1L;

    private static final long NONE = Long.MAX_VALUE;
    private static final double MILLIS_PER_MINUTE = 60_000.0;

    /** One customer's day with the employee. */
    public record CustomerDay(boolean added, boolean churned, long customerFirstMillis, long employeeFirstMillis) {

        static final CustomerDay EMPTY = new CustomerDay(false, false, NONE, NONE);

        CustomerDay with(CustomerContact contact) {
            long at = contact.eventTimeMillis();
            switch (contact.kind()) {
                case ADDED:
                    return new CustomerDay(true, churned, customerFirstMillis, employeeFirstMillis);
                case CHURNED:
                    return new CustomerDay(added, true, customerFirstMillis, employeeFirstMillis);
                case CUSTOMER_MESSAGE:
                    return new CustomerDay(added, churned, Math.min(customerFirstMillis, at), employeeFirstMillis);
                case EMPLOYEE_MESSAGE:
                    return new CustomerDay(added, churned, customerFirstMillis, Math.min(employeeFirstMillis, at));
                default:
                    throw new IllegalArgumentException("unknown contact " + contact.kind());
            }
        }

        boolean chatted() {
            return employeeFirstMillis != NONE;
        }

        boolean customerInitiated() {
            return customerFirstMillis != NONE && customerFirstMillis < employeeFirstMillis;
        }

        boolean replied() {
            return customerInitiated() && chatted();
        }

        long replyMillis() {
            return replied() ? employeeFirstMillis - customerFirstMillis : 0;
        }
    }

    /** The day's sums over customers, from which the row is computed. */
    public record Totals(
            long added, long churned, long chatted, long messages, long initiated, long replied, long replyMillis) {

        static final Totals EMPTY = new Totals(0, 0, 0, 0, 0, 0, 0);

        /** These totals with one customer's contribution changed from {@code before} to {@code after}. */
        Totals replace(CustomerDay before, CustomerDay after, long newMessages) {
            return new Totals(
                    added + delta(before.added(), after.added()),
                    churned + delta(before.churned(), after.churned()),
                    chatted + delta(before.chatted(), after.chatted()),
                    messages + newMessages,
                    initiated + delta(before.customerInitiated(), after.customerInitiated()),
                    replied + delta(before.replied(), after.replied()),
                    replyMillis - before.replyMillis() + after.replyMillis());
        }

        private static int delta(boolean before, boolean after) {
            return (after ? 1 : 0) - (before ? 1 : 0);
        }

        EmployeeDailyBehavior toRow(EmployeeDay key, long version) {
            return new EmployeeDailyBehavior(
                    key.corpId(),
                    key.userid(),
                    key.statDate(),
                    added,
                    churned,
                    chatted,
                    messages,
                    initiated == 0 ? null : 100.0 * replied / initiated,
                    replied == 0 ? null : replyMillis / MILLIS_PER_MINUTE / replied,
                    initiated,
                    replied,
                    version);
        }
    }

    private transient MapState<String, CustomerDay> customers;
    private transient ValueState<Totals> totals;
    private transient ValueState<Long> version;

    public EmployeeDailyBehaviorFunction(BusinessCalendar calendar, Duration horizon) {
        super("member-activity/employee_daily_behavior", calendar, horizon);
    }

    @Override
    public void open(OpenContext openContext) {
        customers = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("customers", Types.STRING, TypeInformation.of(CustomerDay.class)));
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", TypeInformation.of(Totals.class)));
        version = getRuntimeContext().getState(new ValueStateDescriptor<>("version", Types.LONG));
    }

    @Override
    protected LocalDate dayOf(EmployeeDay key) {
        return key.statDate();
    }

    @Override
    protected void update(CustomerContact contact, Context context, Collector<EmployeeDailyBehavior> out)
            throws Exception {
        CustomerDay before = Objects.requireNonNullElse(customers.get(contact.customerId()), CustomerDay.EMPTY);
        CustomerDay after = before.with(contact);
        long newMessages = contact.kind() == CustomerContact.Kind.EMPLOYEE_MESSAGE && contact.countsAsMessage() ? 1 : 0;
        Totals previous = totals.value();
        if (previous != null && after.equals(before) && newMessages == 0) {
            return;
        }
        Totals current = Objects.requireNonNullElse(previous, Totals.EMPTY).replace(before, after, newMessages);
        long next = nextVersion(Objects.requireNonNullElse(version.value(), 0L), context);
        customers.put(contact.customerId(), after);
        totals.update(current);
        version.update(next);
        out.collect(current.toRow(context.getCurrentKey(), next));
    }

    @Override
    protected void clearDay() {
        customers.clear();
        totals.clear();
        version.clear();
    }
}
