-- employee_daily_behavior gains the counts behind reply_percentage (DESIGN section 5): a rate over
-- many days or employees is 100 * sum(replied_chat_cnt) / sum(initiated_chat_cnt), which a mean
-- of daily percentages is not. WeCom's own columns stay as they are. Rows written before this
-- migration read 0 in both until the jobs write them again (a replay of that period, or any
-- later event of that employee and day).
ALTER TABLE wecom.employee_daily_behavior
    ADD COLUMN IF NOT EXISTS initiated_chat_cnt UInt32 AFTER avg_reply_time,
    ADD COLUMN IF NOT EXISTS replied_chat_cnt UInt32 AFTER initiated_chat_cnt;

-- The newest business date in the data, where the analysts' queries end "now": a cohort whose
-- attribution window ends on or after it is still open, and a check-in streak is live when its
-- last check-in is on it or the day before. Every event makes or changes a row dated on its
-- business day in one of these tables (group activity; adds, deletions and one-to-one messages;
-- cohorts), so their newest dates together are the newest event's. Plain max over the raw rows:
-- older versions of a row carry the same date, so FINAL would not change it.
CREATE VIEW IF NOT EXISTS wecom.newest_business_date AS
SELECT greatest(
    (SELECT max(stat_date) FROM wecom.group_daily_stats),
    (SELECT max(stat_date) FROM wecom.employee_daily_behavior),
    (SELECT max(cohort_date) FROM wecom.channel_conversion_daily)) AS newest_business_date;
