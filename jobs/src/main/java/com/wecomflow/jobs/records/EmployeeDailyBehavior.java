package com.wecomflow.jobs.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;

/**
 * A row of {@code employee_daily_behavior} (DESIGN section 5): WeCom's "user behavior data"
 * for one employee and business day, computed live.
 *
 * @param newContactCnt distinct customers who added the employee that day
 * @param negativeFeedbackCnt distinct customers who deleted or blocked the employee that day
 * @param chatCnt distinct customers the employee sent at least one counted message to
 * @param messageCnt counted messages the employee sent to customers
 * @param replyPercentage {@code 100 * replied / customer-initiated} chats; null when none was initiated
 * @param avgReplyTime mean minutes from a customer's first message to the employee's first reply,
 *     over replied chats; null when none was replied
 * @param initiatedChatCnt customer-initiated chats that day, the denominator of {@code replyPercentage}
 * @param repliedChatCnt of them, those the employee answered the same day: with {@code initiatedChatCnt},
 *     what makes rates over many days or employees exact (sums, not means of daily percentages)
 */
public record EmployeeDailyBehavior(
        String corpId,
        String userid,
        LocalDate statDate,
        long newContactCnt,
        long negativeFeedbackCnt,
        long chatCnt,
        long messageCnt,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double replyPercentage,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double avgReplyTime,
        long initiatedChatCnt,
        long repliedChatCnt,
        long version) {}
