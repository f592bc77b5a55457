package com.wecomflow.records;

import java.util.List;

/**
 * The result tables of the contract (DESIGN section 5) and their keys: for each key, the row with
 * the highest {@code version} is the table's content (what {@code SELECT ... FINAL} returns).
 */
public enum ResultTable {
    GROUP_DAILY_STATS("group_daily_stats", List.of("corp_id", "chat_id", "stat_date")),
    MEMBER_DAILY_ACTIVITY("member_daily_activity", List.of("corp_id", "chat_id", "member_id", "stat_date")),
    EMPLOYEE_DAILY_BEHAVIOR("employee_daily_behavior", List.of("corp_id", "userid", "stat_date")),
    CHECKIN_STREAKS("checkin_streaks", List.of("corp_id", "chat_id", "member_id")),
    CHECKIN_MILESTONES("checkin_milestones", List.of("corp_id", "chat_id", "member_id", "milestone")),
    CHANNEL_CONVERSION_DAILY("channel_conversion_daily", List.of("corp_id", "state", "cohort_date")),
    CUSTOMER_JOURNEY("customer_journey", List.of("corp_id", "external_userid")),
    COMPLIANCE_ALERTS("compliance_alerts", List.of("corp_id", "alert_id")),
    GROUP_MEMBERS("group_members", List.of("corp_id", "chat_id", "member_id")),
    CHANNELS("channels", List.of("corp_id", "state"));

    private final String tableName;
    private final List<String> keyColumns;

    ResultTable(String tableName, List<String> keyColumns) {
        this.tableName = tableName;
        this.keyColumns = keyColumns;
    }

    public String tableName() {
        return tableName;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    /** The ClickHouse database of every result table. */
    public static final String DATABASE = "wecom";

    public static final String VERSION_COLUMN = "version";

    /**
     * Where present, a row whose latest version has {@code is_deleted = 1} is not part of the table
     * ({@code ReplacingMergeTree(version, is_deleted)}: {@code FINAL} hides it).
     */
    public static final String IS_DELETED_COLUMN = "is_deleted";
}
