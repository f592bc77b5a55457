package com.wecomflow.time;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The tenant's working time (DESIGN section 5b): {@code working_hours} {@code "HH:mm-HH:mm"},
 * from the opening (included) to the closing (excluded) in the business time zone, on the
 * {@code working_days} (ISO weekdays, 1 = Monday to 7 = Sunday). A closing of {@code 24:00} means
 * the end of the day. Service-level deadlines count only working time.
 */
public final class WorkingTime implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_HOURS = "09:00-18:00";
    public static final List<Integer> DEFAULT_DAYS = List.of(1, 2, 3, 4, 5, 6, 7);

    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final DateTimeFormatter HOURS_AND_MINUTES =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private final BusinessCalendar calendar;
    private final int openMinute;
    private final int closeMinute;
    private final Set<DayOfWeek> days;
    private final String hours;

    /**
     * @param hours {@code working_hours}, e.g. {@code "09:00-18:00"}
     * @param days {@code working_days}, ISO weekdays
     * @throws IllegalArgumentException naming the setting at fault, in one line
     */
    public WorkingTime(BusinessCalendar calendar, String hours, List<Integer> days) {
        this.calendar = calendar;
        this.hours = hours;
        String[] bounds = hours == null ? new String[0] : hours.split("-", -1);
        if (bounds.length != 2) {
            throw badHours(hours);
        }
        this.openMinute = minuteOfDay(bounds[0], hours, false);
        this.closeMinute = minuteOfDay(bounds[1], hours, true);
        if (openMinute >= closeMinute) {
            throw new IllegalArgumentException(
                    "working_hours must open before it closes on the same day, got \"" + hours + "\"");
        }
        this.days = weekdays(days);
    }

    public static WorkingTime defaults(BusinessCalendar calendar) {
        return new WorkingTime(calendar, DEFAULT_HOURS, DEFAULT_DAYS);
    }

    /**
     * When a wait opened at {@code openedAtMillis} has used up {@code sla} of working time. Outside
     * working time the count starts at the next opening; the result may fall exactly on a closing.
     */
    public long dueAt(long openedAtMillis, Duration sla) {
        long remaining = sla.toMillis();
        long at = openedAtMillis;
        LocalDate day = calendar.dateOf(at);
        while (true) {
            if (days.contains(day.getDayOfWeek())) {
                long open = instantOf(day, openMinute);
                long close = instantOf(day, closeMinute);
                long from = Math.max(at, open);
                if (from < close) {
                    if (remaining <= close - from) {
                        return from + remaining;
                    }
                    remaining -= close - from;
                }
            }
            day = day.plusDays(1);
            at = calendar.startOf(day);
        }
    }

    /** The instant of a minute of a business day; minute 1440 is the start of the next day. */
    private long instantOf(LocalDate day, int minute) {
        if (minute == MINUTES_PER_DAY) {
            return calendar.endOf(day);
        }
        return day.atTime(minute / 60, minute % 60).atZone(calendar.zone()).toInstant().toEpochMilli();
    }

    private static int minuteOfDay(String text, String hours, boolean closing) {
        if (closing && text.equals("24:00")) {
            return MINUTES_PER_DAY;
        }
        try {
            LocalTime time = LocalTime.parse(text, HOURS_AND_MINUTES);
            return time.getHour() * 60 + time.getMinute();
        } catch (DateTimeParseException e) {
            throw badHours(hours);
        }
    }

    private static IllegalArgumentException badHours(String hours) {
        return new IllegalArgumentException("working_hours must be \"HH:mm-HH:mm\" (e.g. \"09:00-18:00\"), got "
                + (hours == null ? "nothing" : "\"" + hours + "\""));
    }

    private static Set<DayOfWeek> weekdays(List<Integer> days) {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("working_days must list at least one ISO weekday (1 = Monday to 7 = Sunday)");
        }
        Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
        for (Integer day : days) {
            if (day == null || day < 1 || day > 7) {
                throw new IllegalArgumentException(
                        "working_days must be ISO weekdays from 1 (Monday) to 7 (Sunday), got " + day);
            }
            weekdays.add(DayOfWeek.of(day));
        }
        return weekdays;
    }

    @Override
    public String toString() {
        return hours + " on " + days + " in " + calendar;
    }
}
