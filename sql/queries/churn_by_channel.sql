-- Churn by channel: for each channel (State), of all customers it brought, how many deleted or
-- blocked the employee they were attributed through within the attribution window.
SELECT
    corp_id,
    state,
    sum(new_customers) AS customers,
    sum(lost) AS deleted,
    round(100 * deleted / customers, 1) AS deleted_pct
FROM wecom.channel_conversion_daily FINAL
GROUP BY corp_id, state
HAVING customers > 0
ORDER BY corp_id, deleted_pct DESC, state
