package com.wecomflow.jobs.records;

import java.time.LocalDate;

/** A member checked in in a group on a business day. */
public record Checkin(String corpId, String chatId, String memberId, LocalDate day, long eventTimeMillis)
        implements GroupMemberEvent {}
