package com.wecomflow.jobs.records;

import java.time.LocalDate;

/** The key of {@code member_daily_activity}: a member of a group on a business day. */
public record MemberDay(String corpId, String chatId, String memberId, LocalDate statDate) {}
