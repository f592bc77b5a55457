package com.wecomflow.jobs.records;

import java.time.LocalDate;

/** The key of {@code channel_conversion_daily}: customers first added through one channel on one business day. */
public record Cohort(String corpId, String state, LocalDate cohortDate) {}
