-- Churn by channel: for each channel (State), of the customers whose attribution window has ended,
-- how many deleted or blocked the employee they were attributed through within the window.
-- Cohorts still in their window (cohort_date + W not earlier than the newest business day in the
-- data, wecom.newest_business_date) would lower the rate with losses yet to come: their customers
-- are counted apart, in customers_window_open, and left out of the rate. W must be the jobs'
-- attribution_window_days. lost_within_window_pct is NULL for a channel with no ended window yet.
WITH
    7 AS attribution_window_days,
    (SELECT newest_business_date FROM wecom.newest_business_date) AS newest_business_date,
    cohort_date + attribution_window_days < newest_business_date AS window_complete
SELECT
    corp_id,
    state,
    sumIf(new_customers, window_complete) AS customers,
    sumIf(lost, window_complete) AS lost_within_window,
    round(100 * lost_within_window / nullIf(customers, 0), 1) AS lost_within_window_pct,
    sumIf(new_customers, NOT window_complete) AS customers_window_open
FROM wecom.channel_conversion_daily FINAL
GROUP BY corp_id, state
HAVING customers + customers_window_open > 0
ORDER BY corp_id, lost_within_window_pct DESC NULLS LAST, state
