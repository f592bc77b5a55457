package com.wecomflow.jobs.records;

import java.time.LocalDate;

/**
 * A row of {@code customer_journey} (DESIGN section 5b): one customer's attribution and the first
 * time of each later step, the facts that {@code channel_conversion_daily} sums. Times are
 * {@code yyyy-MM-dd HH:mm:ss.SSS} in the business time zone; the {@code first_*}, {@code lost_at}
 * and {@code removed_at} are null when the customer never took that step at or after the add.
 *
 * @param externalUserid the customer
 * @param state the channel ({@code State}) of the customer's first add, {@code ""} when it had none
 * @param userid the employee of that add
 * @param addedAt that add's time
 * @param cohortDate that add's business date
 * @param lostAt the first time the customer deleted {@code userid} ({@code del_follow_user})
 * @param removedAt the first time {@code userid} deleted the customer ({@code del_external_contact})
 */
public record CustomerJourneyRow(
        String corpId,
        String externalUserid,
        String state,
        String userid,
        String addedAt,
        LocalDate cohortDate,
        String firstGroupJoinAt,
        String firstMsgAt,
        String firstCheckinAt,
        String lostAt,
        String removedAt,
        long version) {}
