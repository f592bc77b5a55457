package com.wecomflow.time;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Business days in the tenant's time zone (DESIGN section 4): every job turns event time into a
 * {@code stat_date} here and nowhere else.
 */
public final class BusinessCalendar implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final String zoneId;
    private transient ZoneId zone;

    public BusinessCalendar(String zoneId) {
        try {
            this.zone = ZoneId.of(zoneId);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zoneId + "'");
        }
        this.zoneId = zoneId;
    }

    public static BusinessCalendar shanghai() {
        return new BusinessCalendar(DEFAULT_TIME_ZONE);
    }

    public ZoneId zone() {
        if (zone == null) {
            zone = ZoneId.of(zoneId);
        }
        return zone;
    }

    /** The business date an instant (Unix milliseconds) falls on. */
    public LocalDate dateOf(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone()).toLocalDate();
    }

    /** The first instant (Unix milliseconds) of a business date. */
    public long startOf(LocalDate date) {
        return date.atStartOfDay(zone()).toInstant().toEpochMilli();
    }

    /** The first instant after a business date: the day is over once event time reaches it. */
    public long endOf(LocalDate date) {
        return startOf(date.plusDays(1));
    }

    /**
     * An instant as local date and time with milliseconds, {@code 2026-11-09 10:00:00.000}: how
     * ClickHouse writes a {@code DateTime64(3, zone)} in JSONEachRow.
     */
    public String formatDateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone()));
    }

    @Override
    public String toString() {
        return zoneId;
    }
}
