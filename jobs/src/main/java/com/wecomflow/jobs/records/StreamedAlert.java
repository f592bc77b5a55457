package com.wecomflow.jobs.records;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A record of the alert stream {@code wecom.compliance.alerts}, keyed by {@code alert_id}: every
 * column of the alert's {@code compliance_alerts} row, plus {@code retracted}, which says in a
 * word what {@code is_deleted = 1} says to the table: the alert with this key was taken back.
 */
public record StreamedAlert(@JsonUnwrapped ComplianceAlert alert, boolean retracted) {

    public static StreamedAlert of(ComplianceAlert alert) {
        return new StreamedAlert(alert, alert.isRetraction());
    }

    public String alertId() {
        return alert.alertId();
    }
}
