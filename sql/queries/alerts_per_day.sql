-- Compliance alerts per day: for each business day of the messages, how many alerts of each
-- category and severity, from how many distinct senders.
SELECT
    corp_id,
    toDate(msg_time) AS day,
    category,
    severity,
    count() AS alerts,
    uniqExact(sender) AS senders
FROM wecom.compliance_alerts FINAL
GROUP BY corp_id, day, category, severity
ORDER BY corp_id, day, category, indexOf(['high', 'medium', 'low'], severity)
