package com.wecomflow.jobs.records;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A row of {@code compliance_alerts} (DESIGN sections 5 and 5b): one per message and matching
 * rule, or per monitor finding (a flood window, an employee's day of deletions, a late reply).
 * Personal data is masked in {@code matched} and {@code excerpt}. The alert stream carries the same
 * row as a {@link StreamedAlert}.
 *
 * @param alertId derived from {@code msgid} and {@code rule_id} only, so a duplicate or replayed
 *     message gives the same id; for an alert without a message, from the rule, the sender or group
 *     and the day or window
 * @param msgTime the message's time, {@code yyyy-MM-dd HH:mm:ss.SSS} in the business time zone
 * @param senderType {@code employee} or {@code customer}, from the sender's id
 * @param detectedAt when the job found it, same format
 * @param version rises with every row of the same alert ({@code ReplacingMergeTree(version, is_deleted)})
 * @param isDeleted 1 when this row retracts the alert: later data disproved it
 */
public record ComplianceAlert(
        String alertId,
        String corpId,
        String msgid,
        String msgTime,
        String roomid,
        String sender,
        String senderType,
        List<String> receivers,
        String ruleId,
        String category,
        String severity,
        String matched,
        String excerpt,
        String detectedAt,
        long version,
        int isDeleted) {

    /** The same alert taken back: written with a higher version, it hides the alert in the table's FINAL view. */
    public ComplianceAlert retraction(long newVersion) {
        return new ComplianceAlert(alertId, corpId, msgid, msgTime, roomid, sender, senderType, receivers, ruleId,
                category, severity, matched, excerpt, detectedAt, newVersion, 1);
    }

    /** The same alert filed under another category and severity (a rule line of its id sets them). */
    public ComplianceAlert classified(String newCategory, String newSeverity) {
        return new ComplianceAlert(alertId, corpId, msgid, msgTime, roomid, sender, senderType, receivers, ruleId,
                newCategory, newSeverity, matched, excerpt, detectedAt, version, isDeleted);
    }

    /** Not a column: ClickHouse refuses a row with a field it does not know. */
    @JsonIgnore
    public boolean isRetraction() {
        return isDeleted == 1;
    }
}
