-- Conversion funnel by region and store: the channel funnel rolled up through the channel catalogue
-- (channels), one row per store of a region and one total row per region (region_total = 1,
-- store ""). Codes without a region or store in the catalogue (plain channel codes, fission
-- posters) count under region "" and store "". A code missing from the catalogue is shown under
-- its raw State, as store with region "" and in_catalogue = 0, with a total of its own
-- (region_total = 1, in_catalogue = 0): no customer goes uncounted and a code the catalogue forgot
-- stands out. As in churn_by_channel, the stages count only cohorts whose
-- attribution window has ended before the newest business day in the data
-- (wecom.newest_business_date); customers still in their window are counted apart, in
-- customers_window_open. W must be the jobs' attribution_window_days.
WITH
    7 AS attribution_window_days,
    (SELECT newest_business_date FROM wecom.newest_business_date) AS newest_business_date
SELECT
    corp_id,
    region,
    store,
    toUInt8(grouping(store)) AS region_total,
    in_catalogue,
    sumIf(new_customers, window_complete) AS customers,
    sumIf(joined_group, window_complete) AS joined_within_window,
    sumIf(engaged, window_complete) AS talked_within_window,
    sumIf(checked_in, window_complete) AS checked_in_within_window,
    sumIf(lost, window_complete) AS lost_within_window,
    round(100 * joined_within_window / nullIf(customers, 0), 1) AS joined_within_window_pct,
    round(100 * talked_within_window / nullIf(customers, 0), 1) AS talked_within_window_pct,
    round(100 * checked_in_within_window / nullIf(customers, 0), 1) AS checked_in_within_window_pct,
    round(100 * lost_within_window / nullIf(customers, 0), 1) AS lost_within_window_pct,
    sumIf(new_customers, NOT window_complete) AS customers_window_open
FROM
(
    SELECT
        cohort.corp_id AS corp_id,
        code.in_catalogue AS in_catalogue,
        if(code.in_catalogue, code.region, '') AS region,
        if(code.in_catalogue, code.store, cohort.state) AS store,
        cohort.cohort_date + attribution_window_days < newest_business_date AS window_complete,
        cohort.new_customers AS new_customers,
        cohort.joined_group AS joined_group,
        cohort.engaged AS engaged,
        cohort.checked_in AS checked_in,
        cohort.lost AS lost
    FROM wecom.channel_conversion_daily AS cohort FINAL
    -- Without a match a LEFT JOIN gives the column defaults here: in_catalogue = 0.
    LEFT JOIN
    (
        SELECT corp_id, state, region, store, toUInt8(1) AS in_catalogue
        FROM wecom.channels FINAL
    ) AS code ON cohort.corp_id = code.corp_id AND cohort.state = code.state
    SETTINGS join_use_nulls = 0
)
GROUP BY GROUPING SETS ((corp_id, in_catalogue, region, store), (corp_id, in_catalogue, region))
HAVING customers + customers_window_open > 0
ORDER BY corp_id, region = '', region, in_catalogue DESC, region_total DESC, customers DESC, store
