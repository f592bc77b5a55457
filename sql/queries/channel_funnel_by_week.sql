-- Channel funnel by acquisition week: for each channel (State) and week (starting Monday) of the
-- customers' first add, how many new customers there were and what share of them joined a group,
-- talked, checked in, or deleted the employee within their attribution window.
-- window_complete is 1 when every window the week can hold has ended before the newest business
-- day in the data (wecom.newest_business_date): a customer added on day D is followed until at
-- most the end of day D + W, so the week is complete when its Sunday + W is earlier than that day.
-- A week with window_complete = 0 still gains stages as its customers' windows run on; do not
-- compare its shares with complete weeks. W must be the jobs' attribution_window_days.
WITH
    7 AS attribution_window_days,
    (SELECT newest_business_date FROM wecom.newest_business_date) AS newest_business_date
SELECT
    corp_id,
    state,
    toMonday(cohort_date) AS week,
    toUInt8(week + 6 + attribution_window_days < newest_business_date) AS window_complete,
    sum(new_customers) AS customers,
    sum(joined_group) AS joined_within_window,
    sum(engaged) AS talked_within_window,
    sum(checked_in) AS checked_in_within_window,
    sum(lost) AS lost_within_window,
    round(100 * joined_within_window / customers, 1) AS joined_within_window_pct,
    round(100 * talked_within_window / customers, 1) AS talked_within_window_pct,
    round(100 * checked_in_within_window / customers, 1) AS checked_in_within_window_pct,
    round(100 * lost_within_window / customers, 1) AS lost_within_window_pct
FROM wecom.channel_conversion_daily FINAL
GROUP BY corp_id, state, week
HAVING customers > 0
ORDER BY corp_id, week, customers DESC, state
