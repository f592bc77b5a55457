-- Check-in leaderboard: in each group, the ten members with the longest current streak (the run
-- of consecutive check-in days ending at their last check-in), with their longest streak and days.
SELECT
    corp_id,
    chat_id,
    member_id,
    current_streak,
    longest_streak,
    total_days,
    last_checkin_date,
    rank() OVER (PARTITION BY corp_id, chat_id ORDER BY current_streak DESC, longest_streak DESC) AS rank_in_group
FROM wecom.checkin_streaks FINAL
ORDER BY corp_id, chat_id, rank_in_group, member_id
LIMIT 10 BY corp_id, chat_id
