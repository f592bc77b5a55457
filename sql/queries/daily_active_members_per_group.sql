-- Daily active members per group: for each customer group and business day, how many members
-- sent at least one counted message (customers among them) and how many messages they sent.
SELECT
    corp_id,
    chat_id,
    stat_date,
    count() AS active_members,
    countIf(member_type = 'customer') AS active_customers,
    sum(msg_cnt) AS messages,
    countIf(checked_in = 1) AS checked_in_members
FROM wecom.member_daily_activity FINAL
GROUP BY corp_id, chat_id, stat_date
ORDER BY corp_id, stat_date, active_members DESC, chat_id
