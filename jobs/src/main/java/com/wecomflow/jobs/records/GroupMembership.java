package com.wecomflow.jobs.records;

/**
 * A row of {@code group_members} (DESIGN section 5b): one member of one group, as the membership
 * changes the pipeline saw describe it.
 *
 * @param memberType {@code employee} or {@code customer}, from the id
 * @param joinedAt the latest {@code add_member} listing the member, {@code yyyy-MM-dd HH:mm:ss.SSS}
 *     in the business time zone, or null when none
 * @param leftAt the latest {@code del_member} listing the member, same format, or null when none
 * @param joinCnt distinct {@code add_member} changes listing the member
 * @param isMember 1 when the member's latest change is an {@code add_member}, else 0 (also when an
 *     add and a del share the latest {@code CreateTime})
 * @param version rises with every change of the row
 */
public record GroupMembership(
        String corpId,
        String chatId,
        String memberId,
        String memberType,
        String joinedAt,
        String leftAt,
        long joinCnt,
        int isMember,
        long version) {}
