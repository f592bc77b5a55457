package com.wecomflow.jobs.records;

import java.time.LocalDate;

/**
 * A row of {@code checkin_streaks} (DESIGN section 5).
 *
 * @param currentStreak consecutive check-in days ending at {@code lastCheckinDate}
 * @param longestStreak the longest run of consecutive check-in days
 * @param totalDays days with at least one check-in
 */
public record CheckinStreak(
        String corpId,
        String chatId,
        String memberId,
        int currentStreak,
        int longestStreak,
        long totalDays,
        LocalDate firstCheckinDate,
        LocalDate lastCheckinDate,
        long version) {}
