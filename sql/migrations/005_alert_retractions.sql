-- compliance_alerts gains version and is_deleted (DESIGN section 5b): the compliance monitors
-- re-emit an alert when late data moves it (a higher version) and retract one that late data
-- disproves (is_deleted = 1), so the table becomes ReplacingMergeTree(version, is_deleted) and
-- SELECT ... FINAL leaves retracted alerts out. An engine cannot be altered, so the table is
-- rebuilt in place: the columns are added first (existing alerts read version 0, is_deleted 0),
-- then CREATE OR REPLACE copies every row into the new engine and swaps it in atomically. Both
-- statements keep every column as it is when run again, so a second run changes nothing.
ALTER TABLE wecom.compliance_alerts
    ADD COLUMN IF NOT EXISTS version UInt64,
    ADD COLUMN IF NOT EXISTS is_deleted UInt8;

CREATE OR REPLACE TABLE wecom.compliance_alerts
(
    alert_id     String,
    corp_id      LowCardinality(String),
    msgid        String,
    msg_time     DateTime64(3, '{{timezone}}'),
    roomid       String,
    sender       String,
    sender_type  LowCardinality(String),
    receivers    Array(String),
    rule_id      LowCardinality(String),
    category     LowCardinality(String),
    severity     LowCardinality(String),
    matched      String,
    excerpt      String,
    detected_at  DateTime64(3, '{{timezone}}'),
    version      UInt64,
    is_deleted   UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
PARTITION BY toYYYYMM(msg_time)
ORDER BY (corp_id, alert_id)
TTL toDateTime(msg_time) + INTERVAL {{alert_retention_days}} DAY
AS SELECT
    alert_id, corp_id, msgid, msg_time, roomid, sender, sender_type, receivers, rule_id, category, severity,
    matched, excerpt, detected_at, version, is_deleted
FROM wecom.compliance_alerts;
