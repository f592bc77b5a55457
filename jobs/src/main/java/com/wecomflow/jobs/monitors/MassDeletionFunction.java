package com.wecomflow.jobs.monitors;

import com.wecomflow.functions.BusinessDayFunction;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.jobs.records.EmployeeDay;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.time.BusinessCalendar;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * {@code builtin.mass_deletion} (DESIGN section 5b), keyed by (employee, business day): one alert
 * when the employee has deleted at least {@code mass_deletion_threshold} distinct customers that
 * day. Each customer counts once, at their earliest deletion; the alert's {@code msg_time} is the
 * threshold-th of those times in time order. A late, earlier deletion can move that time: the
 * alert is then written again with a higher version, so the final alert is the same whatever the
 * arrival order.
 */
public final class MassDeletionFunction extends BusinessDayFunction<EmployeeDay, CallbackEvent, ComplianceAlert> {

    private static final long serialVersionUID = 1L;

    private final int threshold;

    private transient MapState<String, Long> firstDeletionOfCustomer;
    private transient ValueState<ComplianceAlert> alert;

    public MassDeletionFunction(BusinessCalendar calendar, int threshold, Duration horizon) {
        super("sensitive-words/" + ComplianceRule.BUILTIN_MASS_DELETION, calendar, horizon);
        this.threshold = threshold;
    }

    @Override
    public void open(OpenContext openContext) {
        firstDeletionOfCustomer = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("first-deletion-of-customer", Types.STRING, Types.LONG));
        alert = getRuntimeContext().getState(
                new ValueStateDescriptor<>("alert", TypeInformation.of(ComplianceAlert.class)));
    }

    @Override
    protected LocalDate dayOf(EmployeeDay key) {
        return key.statDate();
    }

    @Override
    protected void update(CallbackEvent deletion, Context context, Collector<ComplianceAlert> out) throws Exception {
        Long known = firstDeletionOfCustomer.get(deletion.externalUserId());
        if (known != null && known <= deletion.createTimeMillis()) {
            return;
        }
        firstDeletionOfCustomer.put(deletion.externalUserId(), deletion.createTimeMillis());
        List<Long> times = new ArrayList<>();
        for (Map.Entry<String, Long> entry : firstDeletionOfCustomer.entries()) {
            times.add(entry.getValue());
        }
        Long reachedAt = thresholdReachedAt(times, threshold);
        if (reachedAt == null) {
            return;
        }
        String msgTime = calendar.formatDateTime(reachedAt);
        ComplianceAlert previous = alert.value();
        if (previous != null && previous.msgTime().equals(msgTime)) {
            return;
        }
        long now = context.timerService().currentProcessingTime();
        ComplianceAlert updated = alertOf(context.getCurrentKey(), msgTime,
                nextVersion(previous == null ? 0 : previous.version(), context), now);
        alert.update(updated);
        out.collect(updated);
    }

    /** The threshold-th earliest of the customers' deletion times, or null while fewer customers were deleted. */
    public static Long thresholdReachedAt(List<Long> firstDeletionTimes, int threshold) {
        if (firstDeletionTimes.size() < threshold) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(firstDeletionTimes);
        sorted.sort(null);
        return sorted.get(threshold - 1);
    }

    private ComplianceAlert alertOf(EmployeeDay key, String msgTime, long version, long now) {
        return new ComplianceAlert(
                MonitorAlerts.alertId(ComplianceRule.BUILTIN_MASS_DELETION, key.userid(), key.statDate().toString()),
                key.corpId(),
                "",
                msgTime,
                "",
                key.userid(),
                "employee",
                new ArrayList<>(),
                ComplianceRule.BUILTIN_MASS_DELETION,
                "churn",
                "high",
                threshold + " customers deleted on " + key.statDate(),
                "",
                calendar.formatDateTime(now),
                version,
                0);
    }

    @Override
    protected void clearDay() {
        firstDeletionOfCustomer.clear();
        alert.clear();
    }
}
