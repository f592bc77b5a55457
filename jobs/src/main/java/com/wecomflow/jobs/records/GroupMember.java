package com.wecomflow.jobs.records;

/** The key of {@code checkin_streaks} and {@code group_members}: a member of a group. */
public record GroupMember(String corpId, String chatId, String memberId) {}
