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

-- Fission (裂变) referrals: one row per participant of a campaign, i.e. per inviter owning a code of
-- kind 'fission' in the catalogue (codes without an inviter are the campaign's own posters, not a
-- participant's, and make no row). A participant whose codes brought nobody yet has invited = 0.
-- An invite is a customer whose journey state is one of the participant's codes; it is lost within
-- the hold when the customer deleted the employee within 7 days (of 24 hours, as the jobs' windows)
-- of the add. target_reached_at is the added_at of the target-th valid invite. referred_by is the
-- participant whose code brought this participant in, within the same campaign, so referral trees
-- and generations can be drawn; "" for a participant who came any other way.
CREATE VIEW IF NOT EXISTS wecom.fission_referrals AS
WITH
    participant_codes AS
    (
        SELECT corp_id, state, campaign, inviter, target
        FROM wecom.channels FINAL
        WHERE kind = 'fission' AND inviter != ''
    ),
    invites AS
    (
        SELECT
            journey.corp_id AS corp_id,
            code.campaign AS campaign,
            code.inviter AS inviter,
            journey.external_userid AS invitee,
            journey.added_at AS added_at,
            journey.lost_at IS NOT NULL
                AND journey.lost_at < journey.added_at + toIntervalSecond(7 * 86400) AS lost_in_hold
        FROM wecom.customer_journey AS journey FINAL
        INNER JOIN participant_codes AS code ON journey.corp_id = code.corp_id AND journey.state = code.state
    )
SELECT
    participant.corp_id AS corp_id,
    participant.campaign AS campaign,
    participant.inviter AS inviter,
    counted.invited AS invited,
    counted.lost_within_hold AS lost_within_hold,
    toUInt64(counted.invited - counted.lost_within_hold) AS valid_invites,
    participant.target AS target,
    if(participant.target > 0 AND valid_invites >= participant.target,
       counted.valid_added_at[participant.target], NULL) AS target_reached_at,
    referrer.referred_by AS referred_by
FROM
(
    SELECT corp_id, campaign, inviter, max(target) AS target
    FROM participant_codes
    GROUP BY corp_id, campaign, inviter
) AS participant
-- Without a match a LEFT JOIN gives the column defaults here: 0 invites, no valid times, "".
LEFT JOIN
(
    SELECT
        corp_id,
        campaign,
        inviter,
        count() AS invited,
        countIf(lost_in_hold) AS lost_within_hold,
        arraySort(groupArrayIf(added_at, NOT lost_in_hold)) AS valid_added_at
    FROM invites
    GROUP BY corp_id, campaign, inviter
) AS counted ON participant.corp_id = counted.corp_id AND participant.campaign = counted.campaign
    AND participant.inviter = counted.inviter
LEFT JOIN
(
    SELECT corp_id, campaign, invitee, inviter AS referred_by
    FROM invites
) AS referrer ON participant.corp_id = referrer.corp_id AND participant.campaign = referrer.campaign
    AND participant.inviter = referrer.invitee
SETTINGS join_use_nulls = 0;
