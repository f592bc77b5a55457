-- Reply timeouts per employee and business day: `breaches` are the alerts of builtin.reply_timeout
-- (a customer's one-to-one message the employee did not answer within reply_sla_minutes of working
-- time, DESIGN section 5b), read through FINAL so that an alert late data disproved (retracted,
-- is_deleted = 1) is gone. The alert's sender is the customer who waited and receivers[1] the
-- employee; the day is the business date of the customer's message (msg_time).
-- breach_pct is the share of waits that breached, and waits are not a table: the denominator is
-- employee_daily_behavior's initiated_chat_cnt, the chats the customer started that day (the first
-- counted message between the two that day was the customer's). A chat counts there once a day
-- however many waits it had, and a wait opened after the employee wrote first that day is not in
-- it, so breach_pct can overstate the share, and a day with breaches but no customer-initiated
-- chat has customer_initiated_chats 0 and breach_pct NULL. Days with waits and no breach are
-- listed with breaches 0.
WITH
    breaches_per_day AS (
        SELECT
            corp_id,
            toString(receivers[1]) AS userid,
            toDate(msg_time) AS stat_date,
            count() AS breaches,
            uniqExact(sender) AS customers_kept_waiting
        FROM wecom.compliance_alerts FINAL
        WHERE rule_id = 'builtin.reply_timeout'
        GROUP BY corp_id, userid, stat_date
    ),
    waits_per_day AS (
        SELECT corp_id, toString(userid) AS userid, stat_date, initiated_chat_cnt
        FROM wecom.employee_daily_behavior FINAL
        WHERE initiated_chat_cnt > 0
    )
SELECT
    corp_id,
    userid,
    stat_date,
    initiated_chat_cnt AS customer_initiated_chats,
    breaches,
    customers_kept_waiting,
    round(100 * breaches / nullIf(customer_initiated_chats, 0), 1) AS breach_pct
FROM waits_per_day
FULL OUTER JOIN breaches_per_day USING (corp_id, userid, stat_date)
ORDER BY corp_id, userid, stat_date
