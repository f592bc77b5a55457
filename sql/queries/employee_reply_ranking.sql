-- Employee reply performance: employees ranked by how reliably they answer chats that customers
-- start, then by how fast, over the whole period. Rates come from the daily counts, so they are
-- exact: reply_pct = 100 * replied / customer-initiated chats, and mean_reply_minutes weights each
-- day's avg_reply_time by the chats replied that day (a mean of daily figures would let a day
-- with one chat count as much as a day with fifty). Employees with fewer than
-- minimum_initiated_chats customer-initiated chats are left out: their rate says little.
-- chat_customer_days adds up each day's distinct customers written to, so a customer written to
-- on three days counts three times; it is not a count of distinct customers.
WITH 20 AS minimum_initiated_chats
SELECT
    corp_id,
    userid,
    sum(initiated_chat_cnt) AS customer_initiated_chats,
    sum(replied_chat_cnt) AS replied_chats,
    round(100 * replied_chats / customer_initiated_chats, 1) AS reply_pct,
    round(sum(avg_reply_time * replied_chat_cnt) / nullIf(replied_chats, 0), 1) AS mean_reply_minutes,
    sum(chat_cnt) AS chat_customer_days,
    sum(message_cnt) AS messages,
    sum(new_contact_cnt) AS new_contacts,
    sum(negative_feedback_cnt) AS deleted_by_customers
FROM wecom.employee_daily_behavior FINAL
GROUP BY corp_id, userid
HAVING customer_initiated_chats >= minimum_initiated_chats
ORDER BY corp_id, reply_pct DESC, mean_reply_minutes ASC NULLS LAST, userid
