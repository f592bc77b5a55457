package com.wecomflow.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    /** 2024-03-10 23:59:59.500 in Asia/Shanghai (UTC+8). */
    private static final long LAST_HALF_SECOND = Instant.parse("2024-03-10T15:59:59.500Z").toEpochMilli();
    /** 2024-03-11 00:00:00.500 in Asia/Shanghai. */
    private static final long FIRST_HALF_SECOND = Instant.parse("2024-03-10T16:00:00.500Z").toEpochMilli();

    @Test
    void shanghaiMidnightSeparatesTheDates() {
        BusinessCalendar calendar = BusinessCalendar.shanghai();

        assertThat(calendar.dateOf(LAST_HALF_SECOND)).isEqualTo(LocalDate.of(2024, 3, 10));
        assertThat(calendar.dateOf(FIRST_HALF_SECOND)).isEqualTo(LocalDate.of(2024, 3, 11));
    }

    @Test
    void theSameInstantsAreOneDateInUtc() {
        BusinessCalendar utc = new BusinessCalendar("UTC");

        assertThat(utc.dateOf(LAST_HALF_SECOND)).isEqualTo(LocalDate.of(2024, 3, 10));
        assertThat(utc.dateOf(FIRST_HALF_SECOND)).isEqualTo(LocalDate.of(2024, 3, 10));
    }

    @Test
    void defaultZoneIsShanghai() {
        assertThat(BusinessCalendar.DEFAULT_TIME_ZONE).isEqualTo("Asia/Shanghai");
        assertThat(BusinessCalendar.shanghai().zone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(BusinessCalendar.shanghai()).hasToString("Asia/Shanghai");
    }

    @Test
    void startAndEndOfABusinessDate() {
        BusinessCalendar calendar = BusinessCalendar.shanghai();
        LocalDate day = LocalDate.of(2024, 3, 11);

        long start = calendar.startOf(day);
        long end = calendar.endOf(day);

        assertThat(start).isEqualTo(Instant.parse("2024-03-10T16:00:00Z").toEpochMilli());
        assertThat(end).isEqualTo(Instant.parse("2024-03-11T16:00:00Z").toEpochMilli());
        assertThat(end - start).isEqualTo(86_400_000L);
        assertThat(calendar.endOf(day.minusDays(1))).isEqualTo(start);
        assertThat(calendar.dateOf(start)).isEqualTo(day);
        assertThat(calendar.dateOf(start - 1)).isEqualTo(day.minusDays(1));
        assertThat(calendar.dateOf(end - 1)).isEqualTo(day);
        assertThat(calendar.dateOf(end)).isEqualTo(day.plusDays(1));
    }

    @Test
    void utcStartOfDay() {
        BusinessCalendar utc = new BusinessCalendar("UTC");
        assertThat(utc.startOf(LocalDate.of(2024, 3, 11)))
                .isEqualTo(Instant.parse("2024-03-11T00:00:00Z").toEpochMilli());
    }

    @Test
    void daylightSavingDayIsShorter() {
        BusinessCalendar newYork = new BusinessCalendar("America/New_York");
        LocalDate springForward = LocalDate.of(2024, 3, 10);

        assertThat(newYork.endOf(springForward) - newYork.startOf(springForward)).isEqualTo(23L * 3_600_000L);
    }

    @Test
    void unknownZoneIsRejected() {
        assertThatThrownBy(() -> new BusinessCalendar("Mars/Olympus_Mons"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Mars/Olympus_Mons");
        assertThatThrownBy(() -> new BusinessCalendar("Asia/Shangai"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown time zone");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(BusinessCalendar.shanghai());
        }
        BusinessCalendar copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (BusinessCalendar) in.readObject();
        }

        assertThat(copy.dateOf(FIRST_HALF_SECOND)).isEqualTo(LocalDate.of(2024, 3, 11));
        assertThat(copy.zone().getId()).isEqualTo("Asia/Shanghai");
    }
}
