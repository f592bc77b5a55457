package com.wecomflow.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.config.ReplyTimeoutSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkingTimeTest {

    private static final BusinessCalendar SHANGHAI = BusinessCalendar.shanghai();
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);
    private static final WorkingTime EVERY_DAY = WorkingTime.defaults(SHANGHAI);
    private static final WorkingTime WEEKDAYS = new WorkingTime(SHANGHAI, "09:00-18:00", List.of(1, 2, 3, 4, 5));

    @Test
    void aWaitTenMinutesBeforeTheCloseIsDueTwentyMinutesAfterTheNextOpening() {
        // 2026-11-10 is a Tuesday.
        assertThat(due(EVERY_DAY, "2026-11-10T17:50:00", HALF_HOUR)).isEqualTo("2026-11-11 09:20:00.000");
    }

    @Test
    void aWaitOpenedAtNightStartsCountingAtTheOpening() {
        assertThat(due(EVERY_DAY, "2026-11-10T03:00:00", HALF_HOUR)).isEqualTo("2026-11-10 09:30:00.000");
        assertThat(due(EVERY_DAY, "2026-11-10T18:00:00", HALF_HOUR)).isEqualTo("2026-11-11 09:30:00.000");
        assertThat(due(EVERY_DAY, "2026-11-10T09:00:00", HALF_HOUR)).isEqualTo("2026-11-10 09:30:00.000");
    }

    @Test
    void aDueTimeMayFallExactlyOnTheClose() {
        assertThat(due(EVERY_DAY, "2026-11-10T17:30:00", HALF_HOUR)).isEqualTo("2026-11-10 18:00:00.000");
        assertThat(due(EVERY_DAY, "2026-11-10T17:30:00.001", HALF_HOUR)).isEqualTo("2026-11-11 09:00:00.001");
    }

    @Test
    void daysOffAreSkipped() {
        // Friday 17:50 on weekdays: ten minutes on Friday, twenty on Monday.
        assertThat(due(WEEKDAYS, "2026-11-13T17:50:00", HALF_HOUR)).isEqualTo("2026-11-16 09:20:00.000");
        assertThat(due(WEEKDAYS, "2026-11-14T10:00:00", HALF_HOUR)).isEqualTo("2026-11-16 09:30:00.000");
        // Only Wednesdays: Thursday waits six days.
        WorkingTime wednesdays = new WorkingTime(SHANGHAI, "09:00-18:00", List.of(3));
        assertThat(due(wednesdays, "2026-11-12T10:00:00", HALF_HOUR)).isEqualTo("2026-11-18 09:30:00.000");
    }

    @Test
    void aLongDeadlineSpansSeveralWorkingDays() {
        // 20 working hours from Monday 10:00: 8 on Monday, 9 on Tuesday, 3 on Wednesday.
        assertThat(due(WEEKDAYS, "2026-11-09T10:00:00", Duration.ofHours(20))).isEqualTo("2026-11-11 12:00:00.000");
    }

    @Test
    void aClosingOf2400IsTheEndOfTheDay() {
        WorkingTime allDay = new WorkingTime(SHANGHAI, "00:00-24:00", List.of(1, 2, 3, 4, 5, 6, 7));
        assertThat(due(allDay, "2026-11-10T23:50:00", HALF_HOUR)).isEqualTo("2026-11-11 00:20:00.000");
        WorkingTime evenings = new WorkingTime(SHANGHAI, "20:00-24:00", List.of(1, 2, 3, 4, 5, 6, 7));
        assertThat(due(evenings, "2026-11-10T23:50:00", HALF_HOUR)).isEqualTo("2026-11-11 20:20:00.000");
    }

    @Test
    void workingHoursAreLocalToTheBusinessZone() {
        BusinessCalendar utc = new BusinessCalendar("UTC");
        WorkingTime utcHours = new WorkingTime(utc, "09:00-18:00", List.of(1, 2, 3, 4, 5, 6, 7));
        // 17:50 in Shanghai is 09:50 in UTC.
        long openedAt = SHANGHAI.startOf(LocalDate.of(2026, 11, 10)) + Duration.ofMinutes(17 * 60 + 50).toMillis();
        assertThat(utc.formatDateTime(utcHours.dueAt(openedAt, HALF_HOUR))).isEqualTo("2026-11-10 10:20:00.000");
    }

    @Test
    void badSettingsAreNamedInOneLine() {
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "9:00-18:00", List.of(1)))
                .hasMessage("working_hours must be \"HH:mm-HH:mm\" (e.g. \"09:00-18:00\"), got \"9:00-18:00\"");
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "09:00", List.of(1)))
                .hasMessageStartingWith("working_hours must be \"HH:mm-HH:mm\"");
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "09:00-24:01", List.of(1)))
                .hasMessageStartingWith("working_hours must be \"HH:mm-HH:mm\"");
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "24:00-24:00", List.of(1)))
                .hasMessageStartingWith("working_hours must be \"HH:mm-HH:mm\"");
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "18:00-09:00", List.of(1)))
                .hasMessage("working_hours must open before it closes on the same day, got \"18:00-09:00\"");
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "09:00-09:00", List.of(1)))
                .hasMessageStartingWith("working_hours must open before it closes");
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "09:00-18:00", List.of(1, 8)))
                .hasMessage("working_days must be ISO weekdays from 1 (Monday) to 7 (Sunday), got 8");
        assertThatThrownBy(() -> new WorkingTime(SHANGHAI, "09:00-18:00", List.of()))
                .hasMessage("working_days must list at least one ISO weekday (1 = Monday to 7 = Sunday)");
        assertThatThrownBy(() -> new ReplyTimeoutSettings(0, "09:00-18:00", List.of(1)))
                .hasMessage("reply_sla_minutes must be at least 1, got 0");
        assertThatThrownBy(() -> new ReplyTimeoutSettings(30, "09:00-18:00", Arrays.asList(1, null)))
                .hasMessage("working_days must be ISO weekdays from 1 (Monday) to 7 (Sunday), got null");
    }

    @Test
    void theDefaultsAreHalfAnHourOfNineToSixEveryDay() {
        ReplyTimeoutSettings defaults = ReplyTimeoutSettings.defaults();
        assertThat(defaults.sla()).isEqualTo(HALF_HOUR);
        // A Sunday counts by default.
        assertThat(due(defaults.workingTime(SHANGHAI), "2026-11-15T17:50:00", defaults.sla()))
                .isEqualTo("2026-11-16 09:20:00.000");
        assertThat(due(defaults.workingTime(SHANGHAI), "2026-11-15T12:00:00", defaults.sla()))
                .isEqualTo("2026-11-15 12:30:00.000");
    }

    private static String due(WorkingTime workingTime, String openedAt, Duration sla) {
        long opened = LocalDateTime.parse(openedAt).atZone(SHANGHAI.zone()).toInstant().toEpochMilli();
        return SHANGHAI.formatDateTime(workingTime.dueAt(opened, sla));
    }
}
