-- The growth facts and the channel catalogue (DESIGN section 5b). customer_journey holds the
-- per-customer facts behind channel_conversion_daily, so any funnel, window or retention
-- question is one query; group_members says who is in which group now; channels names the
-- codes (channel, store and region codes, fission posters) so results roll up by them.

-- One row per customer with an add event. A late, earlier add moves added_at and every first_*:
-- the jobs write the row again with a higher version. Times are in the business time zone.
CREATE TABLE IF NOT EXISTS wecom.customer_journey
(
    corp_id              LowCardinality(String),
    external_userid      String,
    state                LowCardinality(String),
    userid               String,
    added_at             DateTime64(3, '{{timezone}}'),
    cohort_date          Date,
    first_group_join_at  Nullable(DateTime64(3, '{{timezone}}')),
    first_msg_at         Nullable(DateTime64(3, '{{timezone}}')),
    first_checkin_at     Nullable(DateTime64(3, '{{timezone}}')),
    lost_at              Nullable(DateTime64(3, '{{timezone}}')),
    removed_at           Nullable(DateTime64(3, '{{timezone}}')),
    version              UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (corp_id, external_userid);

-- Membership as the pipeline saw it change: WeCom sends changes, not member lists, so members
-- who joined before the pipeline started and never changed since are not here.
CREATE TABLE IF NOT EXISTS wecom.group_members
(
    corp_id      LowCardinality(String),
    chat_id      String,
    member_id    String,
    member_type  LowCardinality(String),
    joined_at    Nullable(DateTime64(3, '{{timezone}}')),
    left_at      Nullable(DateTime64(3, '{{timezone}}')),
    join_cnt     UInt32,
    is_member    UInt8,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (corp_id, chat_id, member_id);

-- The channel catalogue, from the compacted topic wecom.channels: a deleted entry is written
-- once more with is_deleted = 1, and FINAL hides it.
CREATE TABLE IF NOT EXISTS wecom.channels
(
    corp_id     LowCardinality(String),
    state       String,
    name        String,
    kind        LowCardinality(String),
    campaign    String,
    region      String,
    store       String,
    inviter     String,
    target      UInt32,
    version     UInt64,
    is_deleted  UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (corp_id, state);
