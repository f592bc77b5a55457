package com.wecomflow.jobs.records;

import java.time.LocalDate;

/** The key of {@code group_daily_stats}: a group on a business day. */
public record GroupDay(String corpId, String chatId, LocalDate statDate) {}
