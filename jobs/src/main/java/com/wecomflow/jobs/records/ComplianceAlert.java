package com.wecomflow.jobs.records;

import java.util.List;

/**
 * A row of {@code compliance_alerts} and a record of the alert stream {@code wecom.compliance.alerts}
 * (DESIGN section 5): one per message and matching rule. Personal data is masked in
 * {@code matched} and {@code excerpt}.
 *
 * @param alertId derived from {@code msgid} and {@code rule_id} only, so a duplicate or replayed
 *     message gives the same id
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
        int isDeleted) {}
