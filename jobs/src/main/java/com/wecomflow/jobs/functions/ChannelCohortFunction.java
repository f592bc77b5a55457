package com.wecomflow.jobs.functions;

import com.wecomflow.functions.BusinessDayFunction;
import com.wecomflow.jobs.records.ChannelConversionDaily;
import com.wecomflow.jobs.records.Cohort;
import com.wecomflow.jobs.records.CohortChange;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Sums customers' contribution changes into one {@code channel_conversion_daily} row per channel
 * and cohort day. A cohort keeps changing until its customers' windows and the lateness horizon
 * are over, so its state lives that long. A cohort whose every customer moved to an earlier
 * cohort is marked deleted rather than left as a row of zeros that in-order input never makes.
 */
public final class ChannelCohortFunction extends BusinessDayFunction<Cohort, CohortChange, ChannelConversionDaily> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<ChannelConversionDaily> row;

    /** @param window the attribution window: a cohort's rows change for that much longer than a day's */
    public ChannelCohortFunction(BusinessCalendar calendar, Duration horizon, Duration window) {
        super("channel-conversion/channel_conversion_daily", calendar, horizon.plus(window).plusDays(2));
    }

    @Override
    public void open(OpenContext openContext) {
        row = getRuntimeContext().getState(
                new ValueStateDescriptor<>("row", TypeInformation.of(ChannelConversionDaily.class)));
    }

    @Override
    protected LocalDate dayOf(Cohort cohort) {
        return cohort.cohortDate();
    }

    @Override
    protected void update(CohortChange change, Context context, Collector<ChannelConversionDaily> out) throws Exception {
        ChannelConversionDaily current = row.value();
        Cohort cohort = context.getCurrentKey();
        long newCustomers = (current == null ? 0 : current.newCustomers()) + change.newCustomers();
        ChannelConversionDaily updated = new ChannelConversionDaily(
                cohort.corpId(),
                cohort.state(),
                cohort.cohortDate(),
                newCustomers,
                (current == null ? 0 : current.joinedGroup()) + change.joinedGroup(),
                (current == null ? 0 : current.engaged()) + change.engaged(),
                (current == null ? 0 : current.checkedIn()) + change.checkedIn(),
                (current == null ? 0 : current.lost()) + change.lost(),
                nextVersion(current == null ? 0 : current.version(), context),
                newCustomers == 0 ? 1 : 0);
        row.update(updated);
        out.collect(updated);
    }

    @Override
    protected void clearDay() {
        row.clear();
    }
}
