package com.wecomflow.config;

import com.wecomflow.time.BusinessCalendar;
import com.wecomflow.time.WorkingTime;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The parameters of {@code builtin.reply_timeout} (DESIGN section 5b), as {@code --config} gives
 * them. Constructing it validates them: an error names the setting at fault, in one line.
 *
 * @param replySlaMinutes {@code reply_sla_minutes}: working minutes a customer may wait for a reply
 * @param workingHours {@code working_hours}, {@code "HH:mm-HH:mm"}
 * @param workingDays {@code working_days}, ISO weekdays
 */
public record ReplyTimeoutSettings(int replySlaMinutes, String workingHours, List<Integer> workingDays)
        implements Serializable {

    public static final int DEFAULT_SLA_MINUTES = 30;

    public ReplyTimeoutSettings {
        if (replySlaMinutes < 1) {
            throw new IllegalArgumentException("reply_sla_minutes must be at least 1, got " + replySlaMinutes);
        }
        // Validated in any zone: the zone moves working time, it does not make it valid or not.
        new WorkingTime(BusinessCalendar.shanghai(), workingHours, workingDays);
        workingDays = List.copyOf(workingDays);
    }

    public static ReplyTimeoutSettings defaults() {
        return new ReplyTimeoutSettings(DEFAULT_SLA_MINUTES, WorkingTime.DEFAULT_HOURS, WorkingTime.DEFAULT_DAYS);
    }

    public Duration sla() {
        return Duration.ofMinutes(replySlaMinutes);
    }

    /** The working time these settings define, in the tenant's business time zone. */
    public WorkingTime workingTime(BusinessCalendar calendar) {
        return new WorkingTime(calendar, workingHours, workingDays);
    }
}
