-- Duplicate group members (定期去重): customers who are members of two or more of the corp's groups
-- right now, often competitors or resellers, with the groups in the order they joined them and
-- the time of each join, the customers in the most groups first. Membership is as the pipeline saw
-- it change (group_members): someone who joined before the pipeline started and never joined or
-- left since is not known to be in that group.
SELECT
    corp_id,
    member_id,
    count() AS groups,
    arrayMap(membership -> membership.2, arraySort(groupArray((joined_at, chat_id)))) AS chat_ids,
    arrayMap(membership -> membership.1, arraySort(groupArray((joined_at, chat_id)))) AS join_times
FROM wecom.group_members FINAL
WHERE is_member = 1 AND member_type = 'customer'
GROUP BY corp_id, member_id
HAVING groups >= 2
ORDER BY corp_id, groups DESC, member_id
