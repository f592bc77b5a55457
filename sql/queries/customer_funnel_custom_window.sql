-- Channel funnel for any attribution window: channel_conversion_daily recomputed from the customers'
-- journeys (customer_journey) with a window of window_days days (of 24 hours) instead of the jobs'
-- attribution_window_days. One row per channel (State) and cohort date: of the customers first
-- added that day, how many joined a group, talked, checked in, or deleted the employee they were
-- attributed through before added_at + window_days. With the jobs' window (default 7) it gives
-- exactly channel_conversion_daily. window_complete is 1 when every window of the cohort has ended
-- before the newest business day in the data (wecom.newest_business_date); a cohort with
-- window_complete = 0 still gains stages.
WITH
    7 AS window_days,
    (SELECT newest_business_date FROM wecom.newest_business_date) AS newest_business_date,
    added_at + toIntervalSecond(window_days * 86400) AS window_end
SELECT
    corp_id,
    state,
    cohort_date,
    toUInt8(cohort_date + window_days < newest_business_date) AS window_complete,
    count() AS new_customers,
    countIf(first_group_join_at < window_end) AS joined_group,
    countIf(first_msg_at < window_end) AS engaged,
    countIf(first_checkin_at < window_end) AS checked_in,
    countIf(lost_at < window_end) AS lost
FROM wecom.customer_journey FINAL
GROUP BY corp_id, state, cohort_date
ORDER BY corp_id, cohort_date, state
