-- Check-in leaderboard: in each group, the ten members with the longest live streak, ranked, and
-- apart from them (streak_status 'broken', no rank) the ten most recently broken streaks.
-- A streak is live when its last check-in is on the newest business day in the data
-- (wecom.newest_business_date) or the day before: the member can still extend it today. Otherwise
-- it is broken, and current_streak is the length it had when it ended at last_checkin_date.
WITH (SELECT newest_business_date FROM wecom.newest_business_date) AS newest_business_date
SELECT
    corp_id,
    chat_id,
    member_id,
    streak_status,
    current_streak,
    longest_streak,
    total_days,
    last_checkin_date,
    if(streak_status = 'live',
       rank() OVER (PARTITION BY corp_id, chat_id, streak_status ORDER BY current_streak DESC, longest_streak DESC),
       NULL) AS rank_in_group
FROM
(
    SELECT
        *,
        if(last_checkin_date >= newest_business_date - 1, 'live', 'broken') AS streak_status
    FROM wecom.checkin_streaks FINAL
)
ORDER BY corp_id, chat_id, streak_status = 'broken', rank_in_group, last_checkin_date DESC, current_streak DESC, member_id
LIMIT 10 BY corp_id, chat_id, streak_status
