-- Fission leaderboard: in each campaign, the ten participants with the most valid invites (friends
-- who added an employee through the participant's poster and did not delete them within the 7-day
-- hold), ranked, with whether and when they reached their reward target and who referred them.
-- A participant is an inviter with a code of the campaign in the channel catalogue (kind
-- 'fission'), whether or not the code brought anyone yet. The campaign's columns count every
-- participant, not only the ten shown: k_factor = the campaign's valid invites / its participants,
-- the friends each participant brought on average (above 1, the campaign grows by itself).
SELECT
    corp_id,
    campaign,
    rank() OVER (PARTITION BY corp_id, campaign ORDER BY valid_invites DESC) AS rank_in_campaign,
    inviter,
    valid_invites,
    invited,
    lost_within_hold,
    target,
    toUInt8(target_reached_at IS NOT NULL) AS target_reached,
    target_reached_at,
    referred_by,
    count() OVER campaign AS participants,
    countIf(target_reached_at IS NOT NULL) OVER campaign AS participants_reached_target,
    sum(valid_invites) OVER campaign AS campaign_valid_invites,
    round(campaign_valid_invites / participants, 2) AS k_factor
FROM wecom.fission_referrals
WINDOW campaign AS (PARTITION BY corp_id, campaign)
ORDER BY corp_id, campaign, rank_in_campaign, target_reached_at ASC NULLS LAST, inviter
LIMIT 10 BY corp_id, campaign
