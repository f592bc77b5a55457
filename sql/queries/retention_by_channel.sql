-- Retention by channel: for each channel (State) and week (starting Monday) of the customers' first
-- add, the share of customers who had not deleted or blocked the employee they were attributed
-- through (customer_journey.lost_at) 1, 7 and 30 days (of 24 hours) after the add. For each N, a
-- customer counts only once their day N has passed: the add's business day + N is earlier than the
-- newest business day in the data (wecom.newest_business_date), as in churn_by_channel. So
-- followed_Nd is how many of the week's customers the share is over, and retained_Nd_pct is NULL
-- while none of them can be judged yet.
WITH (SELECT newest_business_date FROM wecom.newest_business_date) AS newest_business_date
SELECT
    corp_id,
    state,
    toMonday(cohort_date) AS week,
    count() AS customers,
    countIf(cohort_date + 1 < newest_business_date) AS followed_1d,
    countIf(cohort_date + 1 < newest_business_date
            AND (lost_at IS NULL OR lost_at >= added_at + toIntervalSecond(1 * 86400))) AS retained_1d,
    round(100 * retained_1d / nullIf(followed_1d, 0), 1) AS retained_1d_pct,
    countIf(cohort_date + 7 < newest_business_date) AS followed_7d,
    countIf(cohort_date + 7 < newest_business_date
            AND (lost_at IS NULL OR lost_at >= added_at + toIntervalSecond(7 * 86400))) AS retained_7d,
    round(100 * retained_7d / nullIf(followed_7d, 0), 1) AS retained_7d_pct,
    countIf(cohort_date + 30 < newest_business_date) AS followed_30d,
    countIf(cohort_date + 30 < newest_business_date
            AND (lost_at IS NULL OR lost_at >= added_at + toIntervalSecond(30 * 86400))) AS retained_30d,
    round(100 * retained_30d / nullIf(followed_30d, 0), 1) AS retained_30d_pct
FROM wecom.customer_journey FINAL
GROUP BY corp_id, state, week
ORDER BY corp_id, week, customers DESC, state
