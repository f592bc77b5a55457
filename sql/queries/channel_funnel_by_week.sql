-- Channel funnel by acquisition week: for each channel (State) and week (starting Monday) of the
-- customers' first add, how many new customers there were and what share of them joined a group,
-- talked, checked in, or deleted the employee within the attribution window.
SELECT
    corp_id,
    state,
    toMonday(cohort_date) AS week,
    sum(new_customers) AS customers,
    sum(joined_group) AS joined,
    sum(engaged) AS talked,
    sum(checked_in) AS checked,
    sum(lost) AS deleted,
    round(100 * joined / customers, 1) AS joined_pct,
    round(100 * talked / customers, 1) AS talked_pct,
    round(100 * checked / customers, 1) AS checked_pct,
    round(100 * deleted / customers, 1) AS deleted_pct
FROM wecom.channel_conversion_daily FINAL
GROUP BY corp_id, state, week
HAVING customers > 0
ORDER BY corp_id, week, customers DESC, state
