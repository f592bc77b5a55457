package com.wecomflow.jobs.records;

import java.time.LocalDate;

/**
 * A row of {@code group_daily_stats} (DESIGN section 5); serialised with the table's column names.
 *
 * @param newMemberCnt distinct member ids in {@code add_member} changes that day
 * @param quitMemberCnt distinct member ids in {@code del_member} changes that day
 * @param memberHasMsg distinct senders of counted messages that day
 * @param msgTotal counted messages that day
 * @param checkinMembers distinct members who checked in that day
 * @param version rises with every change of the row
 */
public record GroupDailyStats(
        String corpId,
        String chatId,
        LocalDate statDate,
        long newMemberCnt,
        long quitMemberCnt,
        long memberHasMsg,
        long msgTotal,
        long checkinMembers,
        long version) {

    public static GroupDailyStats empty(GroupDay day) {
        return new GroupDailyStats(day.corpId(), day.chatId(), day.statDate(), 0, 0, 0, 0, 0, 0);
    }
}
