package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.ComplianceAlert;
import com.wecomflow.jobs.records.StreamedAlert;
import org.apache.flink.api.common.functions.MapFunction;

/** An alert row as the alert stream carries it. */
public final class StreamedAlertOf implements MapFunction<ComplianceAlert, StreamedAlert> {

    private static final long serialVersionUID = 1L;

    @Override
    public StreamedAlert map(ComplianceAlert alert) {
        return StreamedAlert.of(alert);
    }
}
