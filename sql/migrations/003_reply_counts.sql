-- employee_daily_behavior gains the counts behind reply_percentage (DESIGN section 5): a rate over
-- many days or employees is 100 * sum(replied_chat_cnt) / sum(initiated_chat_cnt), which a mean
-- of daily percentages is not. WeCom's own columns stay as they are. Rows written before this
-- migration read 0 in both until the jobs write them again (a replay of that period, or any
-- later event of that employee and day).
ALTER TABLE wecom.employee_daily_behavior
    ADD COLUMN IF NOT EXISTS initiated_chat_cnt UInt32 AFTER avg_reply_time,
    ADD COLUMN IF NOT EXISTS replied_chat_cnt UInt32 AFTER initiated_chat_cnt;
