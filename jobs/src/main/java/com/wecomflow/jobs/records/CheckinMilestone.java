package com.wecomflow.jobs.records;

import java.time.LocalDate;

/**
 * A row of {@code checkin_milestones} (DESIGN section 5): the first date on which the member's
 * streak in the group reached {@code milestone} consecutive days.
 */
public record CheckinMilestone(
        String corpId, String chatId, String memberId, int milestone, LocalDate reachedDate, long version) {}
