package com.wecomflow.records;

import java.util.List;

/**
 * The result tables of the contract (DESIGN section 5) and their keys: for each key, the row with
 * the highest {@code version} is the table's content (what {@code SELECT ... FINAL} returns).
 */
public enum ResultTable {
    GROUP_DAILY_STATS("group_daily_stats", List.of("corp_id", "chat_id", "stat_date"), false),
    MEMBER_DAILY_ACTIVITY("member_daily_activity", List.of("corp_id", "chat_id", "member_id", "stat_date"), false),
    EMPLOYEE_DAILY_BEHAVIOR("employee_daily_behavior", List.of("corp_id", "userid", "stat_date"), false),
    CHECKIN_STREAKS("checkin_streaks", List.of("corp_id", "chat_id", "member_id"), false),
    CHECKIN_MILESTONES("checkin_milestones", List.of("corp_id", "chat_id", "member_id", "milestone"), false),
    CHANNEL_CONVERSION_DAILY("channel_conversion_daily", List.of("corp_id", "state", "cohort_date"), true),
    CUSTOMER_JOURNEY("customer_journey", List.of("corp_id", "external_userid"), false),
    COMPLIANCE_ALERTS("compliance_alerts", List.of("corp_id", "alert_id"), true),
    GROUP_MEMBERS("group_members", List.of("corp_id", "chat_id", "member_id"), false),
    CHANNELS("channels", List.of("corp_id", "state"), true);

    private final String tableName;
    private final List<String> keyColumns;
    private final boolean rowsCanBeDeleted;

    ResultTable(String tableName, List<String> keyColumns, boolean rowsCanBeDeleted) {
        this.tableName = tableName;
        this.keyColumns = keyColumns;
        this.rowsCanBeDeleted = rowsCanBeDeleted;
    }

    public String tableName() {
        return tableName;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    /** Whether the table's rows carry {@link #IS_DELETED_COLUMN}: a later version can remove a key. */
    public boolean rowsCanBeDeleted() {
        return rowsCanBeDeleted;
    }

    /** The ClickHouse database, and the PostgreSQL schema, of every result table. */
    public static final String DATABASE = "wecom";

    public static final String VERSION_COLUMN = "version";

    /**
     * Where present, a row whose latest version has {@code is_deleted = 1} is not part of the table
     * ({@code ReplacingMergeTree(version, is_deleted)}: {@code FINAL} hides it).
     */
    public static final String IS_DELETED_COLUMN = "is_deleted";
}
