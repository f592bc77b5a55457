package com.wecomflow.jobs.functions;

import com.wecomflow.functions.LatenessGate;
import com.wecomflow.functions.WatermarkAwareFunction;
import com.wecomflow.jobs.conversion.CustomerJourney;
import com.wecomflow.jobs.conversion.CustomerJourney.Contribution;
import com.wecomflow.jobs.records.Cohort;
import com.wecomflow.jobs.records.CohortChange;
import com.wecomflow.jobs.records.Customer;
import com.wecomflow.jobs.records.CustomerEvent;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Follows each customer through the funnel ({@link CustomerJourney}) and emits how the customer's
 * contribution to its cohort changes: joining a cohort, reaching a stage, or moving to another
 * cohort when an earlier add arrives late. Summed per cohort, the changes give exact counts in
 * any arrival order.
 */
public final class CustomerJourneyFunction extends WatermarkAwareFunction<Customer, CustomerEvent, CohortChange> {

    private static final long serialVersionUID = 1L;

    private static final String STAGE = "channel-conversion/customer_journey";
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final BusinessCalendar calendar;
    private final Duration horizon;
    private final Duration window;

    private transient ValueState<CustomerJourney> journey;

    public CustomerJourneyFunction(BusinessCalendar calendar, Duration horizon, Duration window) {
        this.calendar = calendar;
        this.horizon = horizon;
        this.window = window;
    }

    @Override
    public void open(OpenContext openContext) {
        journey = getRuntimeContext().getState(
                new ValueStateDescriptor<>("journey", TypeInformation.of(CustomerJourney.class)));
    }

    @Override
    public void processElement(CustomerEvent event, Context context, Collector<CohortChange> out) throws Exception {
        long cutoff = cutoff(watermark(context));
        if (event.kind() == CustomerEvent.Kind.ADDED && event.atMillis() <= cutoff) {
            refuseLate(context, DeadLetter.ofEvent(
                    STAGE, LatenessGate.tooLateReason(calendar.dateOf(event.atMillis()), horizon), event));
            return;
        }
        CustomerJourney customer = Objects.requireNonNullElseGet(journey.value(), CustomerJourney::new);
        if (customer.isClosed()) {
            return;
        }
        Contribution before = customer.contribution(window);
        switch (event.kind()) {
            case ADDED:
                customer.added(event.atMillis(), event.state(), event.userId());
                break;
            case JOINED_GROUP:
                customer.joinedGroup(event.atMillis());
                break;
            case SENT_MESSAGE:
                customer.sentMessage(event.atMillis());
                break;
            case CHECKED_IN:
                customer.checkedIn(event.atMillis());
                break;
            case DELETED_EMPLOYEE:
                customer.deletedEmployee(event.atMillis(), event.userId());
                break;
            default:
                throw new IllegalArgumentException("unknown customer event " + event.kind());
        }
        Contribution after = customer.contribution(window);
        emitChanges(context.getCurrentKey(), before, after, out);
        journey.update(customer);
        context.timerService().registerEventTimeTimer(forgetAt(event.atMillis()));
    }

    /** Time has moved on: forget what can no longer matter, close a finished journey, drop an empty one. */
    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<CohortChange> out) throws Exception {
        CustomerJourney customer = journey.value();
        if (customer == null) {
            return;
        }
        if (customer.forgetBefore(cutoff(watermark(context)), window)) {
            journey.clear();
        } else {
            journey.update(customer);
        }
    }

    /** No add at or before this time is accepted any more: its business day is past the lateness horizon. */
    private long cutoff(long watermark) {
        return watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - horizon.toMillis() - Duration.ofDays(1).toMillis();
    }

    /** When an event time stops mattering (window and horizon past), rounded up to the hour to share timers. */
    private long forgetAt(long atMillis) {
        long at = atMillis + window.toMillis() + horizon.toMillis() + Duration.ofDays(1).toMillis();
        return (Math.floorDiv(at, HOUR) + 1) * HOUR;
    }

    private void emitChanges(Customer customer, Contribution before, Contribution after, Collector<CohortChange> out) {
        if (Objects.equals(before, after)) {
            return;
        }
        Cohort from = before == null ? null : cohortOf(customer, before);
        Cohort to = after == null ? null : cohortOf(customer, after);
        if (from != null && from.equals(to)) {
            out.collect(new CohortChange(to, 0,
                    delta(before.joinedGroup(), after.joinedGroup()),
                    delta(before.engaged(), after.engaged()),
                    delta(before.checkedIn(), after.checkedIn()),
                    delta(before.lost(), after.lost())));
            return;
        }
        if (from != null) {
            out.collect(new CohortChange(from, -1, -bit(before.joinedGroup()), -bit(before.engaged()),
                    -bit(before.checkedIn()), -bit(before.lost())));
        }
        if (to != null) {
            out.collect(new CohortChange(to, 1, bit(after.joinedGroup()), bit(after.engaged()), bit(after.checkedIn()),
                    bit(after.lost())));
        }
    }

    private Cohort cohortOf(Customer customer, Contribution contribution) {
        return new Cohort(customer.corpId(), contribution.attribution().state(),
                calendar.dateOf(contribution.attribution().addedAtMillis()));
    }

    private static int bit(boolean value) {
        return value ? 1 : 0;
    }

    private static int delta(boolean before, boolean after) {
        return bit(after) - bit(before);
    }
}
