package com.wecomflow.jobs.records;

import java.time.LocalDate;

/**
 * A row of {@code channel_conversion_daily} (DESIGN section 5): of the customers first added
 * through {@code state} on {@code cohortDate}, how many reached each stage within the window.
 *
 * @param isDeleted 1 when the cohort lost all its customers to earlier adds elsewhere; such a row
 *     is hidden by {@code FINAL} ({@code ReplacingMergeTree(version, is_deleted)})
 */
public record ChannelConversionDaily(
        String corpId,
        String state,
        LocalDate cohortDate,
        long newCustomers,
        long joinedGroup,
        long engaged,
        long checkedIn,
        long lost,
        long version,
        int isDeleted) {}
