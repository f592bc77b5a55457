-- Employee reply performance: employees ranked by how reliably they answer chats that customers
-- start (mean daily reply_percentage over days with a customer-initiated chat), then by how fast
-- (mean daily avg_reply_time, minutes), with their contact and message totals over the period.
SELECT
    corp_id,
    userid,
    round(avg(reply_percentage), 1) AS mean_reply_pct,
    round(avg(avg_reply_time), 1) AS mean_reply_minutes,
    countIf(reply_percentage IS NOT NULL) AS days_with_customer_initiated_chats,
    sum(chat_cnt) AS chats,
    sum(message_cnt) AS messages,
    sum(new_contact_cnt) AS new_contacts,
    sum(negative_feedback_cnt) AS deleted_by_customers
FROM wecom.employee_daily_behavior FINAL
GROUP BY corp_id, userid
ORDER BY corp_id, mean_reply_pct DESC NULLS LAST, mean_reply_minutes ASC NULLS LAST, userid
