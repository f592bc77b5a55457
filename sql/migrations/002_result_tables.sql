-- The result tables of the Flink jobs (DESIGN section 5). Each is a ReplacingMergeTree keyed by
-- the table's key: the jobs write a new row, with a higher version, every time a row changes, and
-- SELECT ... FINAL returns the latest row per key. Dates are business dates; times are
-- DateTime64(3) in the business time zone ({{timezone}}, from ./run migrate --timezone), which
-- must be the jobs' `timezone`: the jobs write times as local times of that zone. Tables whose
-- rows grow with time are partitioned by month, so old months can be dropped or moved cheaply.

CREATE TABLE IF NOT EXISTS wecom.group_daily_stats
(
    corp_id          LowCardinality(String),
    chat_id          String,
    stat_date        Date,
    new_member_cnt   UInt32,
    quit_member_cnt  UInt32,
    member_has_msg   UInt32,
    msg_total        UInt64,
    checkin_members  UInt32,
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(stat_date)
ORDER BY (corp_id, chat_id, stat_date);

CREATE TABLE IF NOT EXISTS wecom.member_daily_activity
(
    corp_id       LowCardinality(String),
    chat_id       String,
    member_id     String,
    stat_date     Date,
    member_type   LowCardinality(String),
    msg_cnt       UInt32,
    first_msg_at  DateTime64(3, '{{timezone}}'),
    last_msg_at   DateTime64(3, '{{timezone}}'),
    checked_in    UInt8,
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(stat_date)
ORDER BY (corp_id, chat_id, stat_date, member_id);

CREATE TABLE IF NOT EXISTS wecom.employee_daily_behavior
(
    corp_id                LowCardinality(String),
    userid                 LowCardinality(String),
    stat_date              Date,
    new_contact_cnt        UInt32,
    negative_feedback_cnt  UInt32,
    chat_cnt               UInt32,
    message_cnt            UInt32,
    reply_percentage       Nullable(Float64),
    avg_reply_time         Nullable(Float64),
    version                UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(stat_date)
ORDER BY (corp_id, userid, stat_date);

CREATE TABLE IF NOT EXISTS wecom.checkin_streaks
(
    corp_id             LowCardinality(String),
    chat_id             String,
    member_id           String,
    current_streak      UInt32,
    longest_streak      UInt32,
    total_days          UInt32,
    first_checkin_date  Date,
    last_checkin_date   Date,
    version             UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (corp_id, chat_id, member_id);

CREATE TABLE IF NOT EXISTS wecom.checkin_milestones
(
    corp_id       LowCardinality(String),
    chat_id       String,
    member_id     String,
    milestone     UInt16,
    reached_date  Date,
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (corp_id, chat_id, member_id, milestone);

-- A cohort emptied by late, earlier adds is written once more with is_deleted = 1; FINAL hides it.
CREATE TABLE IF NOT EXISTS wecom.channel_conversion_daily
(
    corp_id        LowCardinality(String),
    state          LowCardinality(String),
    cohort_date    Date,
    new_customers  UInt32,
    joined_group   UInt32,
    engaged        UInt32,
    checked_in     UInt32,
    lost           UInt32,
    version        UInt64,
    is_deleted     UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
PARTITION BY toYYYYMM(cohort_date)
ORDER BY (corp_id, state, cohort_date);

-- An alert is the same whenever it is detected again (same alert_id, same content); the last
-- insert wins, so detected_at shows the latest detection after a re-run. Alerts are kept for
-- a retention policy ({{alert_retention_days}} days, ./run migrate --alert-retention-days).
CREATE TABLE IF NOT EXISTS wecom.compliance_alerts
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
    detected_at  DateTime64(3, '{{timezone}}')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(msg_time)
ORDER BY (corp_id, alert_id)
TTL toDateTime(msg_time) + INTERVAL {{alert_retention_days}} DAY;
