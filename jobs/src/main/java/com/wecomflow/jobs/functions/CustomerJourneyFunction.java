package com.wecomflow.jobs.functions;

import com.wecomflow.functions.LatenessGate;
import com.wecomflow.functions.WatermarkAwareFunction;
import com.wecomflow.functions.Versions;
import com.wecomflow.jobs.conversion.CustomerJourney;
import com.wecomflow.jobs.conversion.CustomerJourney.Attribution;
import com.wecomflow.jobs.conversion.CustomerJourney.Contribution;
import com.wecomflow.jobs.conversion.CustomerJourney.Facts;
import com.wecomflow.jobs.records.Cohort;
import com.wecomflow.jobs.records.CohortChange;
import com.wecomflow.jobs.records.Customer;
import com.wecomflow.jobs.records.CustomerEvent;
import com.wecomflow.jobs.records.CustomerJourneyRow;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Follows each customer through the funnel ({@link CustomerJourney}) and emits how the customer's
 * contribution to its cohort changes: joining a cohort, reaching a stage, or moving to another
 * cohort when an earlier add arrives late. Summed per cohort, the changes give exact counts in
 * any arrival order. The same state gives the customer's {@code customer_journey} row, emitted on
 * {@link #JOURNEY_ROWS} with a rising version whenever it changes, also after the window closed;
 * both outputs come from the same facts, so the table rolled up is exactly the cohort counts.
 */
public final class CustomerJourneyFunction extends WatermarkAwareFunction<Customer, CustomerEvent, CohortChange> {

    private static final long serialVersionUID = 1L;

    /** The {@code customer_journey} rows, beside the cohort changes of the main output. */
    public static final OutputTag<CustomerJourneyRow> JOURNEY_ROWS =
            new OutputTag<>("customer_journey", TypeInformation.of(CustomerJourneyRow.class));

    private static final String STAGE = "channel-conversion/customer_journey";
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final BusinessCalendar calendar;
    private final Duration horizon;
    private final Duration window;

    private transient ValueState<CustomerJourney> journey;
    /** The version of the customer's last row; read and written only when the row changes. */
    private transient ValueState<Long> rowVersion;

    public CustomerJourneyFunction(BusinessCalendar calendar, Duration horizon, Duration window) {
        this.calendar = calendar;
        this.horizon = horizon;
        this.window = window;
    }

    @Override
    public void open(OpenContext openContext) {
        journey = getRuntimeContext().getState(
                new ValueStateDescriptor<>("journey", TypeInformation.of(CustomerJourney.class)));
        rowVersion = getRuntimeContext().getState(new ValueStateDescriptor<>("journey-row-version", Types.LONG));
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
        Facts before = customer.facts();
        apply(event, customer);
        Facts after = customer.facts();
        if (!Objects.equals(before, after)) {
            emitChanges(context.getCurrentKey(), contributionOf(before), contributionOf(after), out);
            emitRow(context.getCurrentKey(), after, context);
        }
        if (customer.isClosed()) {
            // A closed journey keeps only its facts: when they did not change, neither did it.
            if (!Objects.equals(before, after)) {
                journey.update(customer);
            }
            return;
        }
        journey.update(customer);
        context.timerService().registerEventTimeTimer(forgetAt(event.atMillis()));
    }

    private static void apply(CustomerEvent event, CustomerJourney customer) {
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
            case REMOVED_BY_EMPLOYEE:
                customer.removedByEmployee(event.atMillis(), event.userId());
                break;
            default:
                throw new IllegalArgumentException("unknown customer event " + event.kind());
        }
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

    private Contribution contributionOf(Facts facts) {
        return facts == null ? null : facts.contribution(window);
    }

    private void emitRow(Customer customer, Facts facts, Context context) throws Exception {
        long version = Versions.next(Objects.requireNonNullElse(rowVersion.value(), 0L),
                context.timerService().currentProcessingTime());
        rowVersion.update(version);
        context.output(JOURNEY_ROWS, rowOf(customer, facts, version));
    }

    private CustomerJourneyRow rowOf(Customer customer, Facts facts, long version) {
        Attribution attribution = facts.attribution();
        return new CustomerJourneyRow(
                customer.corpId(),
                customer.customerId(),
                attribution.state(),
                attribution.userId(),
                calendar.formatDateTime(attribution.addedAtMillis()),
                calendar.dateOf(attribution.addedAtMillis()),
                formatted(facts.firstGroupJoinAt()),
                formatted(facts.firstMsgAt()),
                formatted(facts.firstCheckinAt()),
                formatted(facts.lostAt()),
                formatted(facts.removedAt()),
                version);
    }

    private String formatted(Long atMillis) {
        return atMillis == null ? null : calendar.formatDateTime(atMillis);
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
