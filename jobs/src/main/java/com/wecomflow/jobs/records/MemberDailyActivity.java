package com.wecomflow.jobs.records;

import java.time.LocalDate;

/**
 * A row of {@code member_daily_activity} (DESIGN section 5): a member's counted messages in one
 * group on one business day.
 *
 * @param memberType {@code employee} or {@code customer}, from the id
 * @param msgCnt counted messages the member sent in the group that day
 * @param firstMsgAt the first one's time, {@code yyyy-MM-dd HH:mm:ss.SSS} in the business time zone
 * @param lastMsgAt the last one's time, same format
 * @param checkedIn 1 when one of them was a check-in, else 0
 */
public record MemberDailyActivity(
        String corpId,
        String chatId,
        String memberId,
        LocalDate statDate,
        String memberType,
        long msgCnt,
        String firstMsgAt,
        String lastMsgAt,
        int checkedIn,
        long version) {}
