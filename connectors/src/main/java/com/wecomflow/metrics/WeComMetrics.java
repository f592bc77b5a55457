package com.wecomflow.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * The names of the project's own Flink metrics. They live in a group {@code wecom} below the
 * operator's scope, so they never clash with Flink's built-in metrics ({@code numRecordsIn}, ...)
 * and a reporter shows them as, e.g., {@code flink_taskmanager_job_task_operator_wecom_recordsIn}.
 * The README's "Metrics" section lists them for the user.
 */
public final class WeComMetrics {

    public static final String GROUP = "wecom";

    /** Input records a parse operator received, whatever became of them. */
    public static final String RECORDS_IN = "recordsIn";
    /** Input records parsed into an event the jobs use. */
    public static final String RECORDS_PARSED = "recordsParsed";
    /** Valid input records of a kind the jobs do not use (other callback events). */
    public static final String RECORDS_IGNORED = "recordsIgnored";
    /** Events dropped as a repeat of one seen before (WeCom retries, overlapping archive pulls). */
    public static final String DUPLICATES_DROPPED = "duplicatesDropped";

    /** The key-value group a dead-letter counter is registered under: {@code wecom.kind.<kind>.deadLetters}. */
    public static final String DEAD_LETTER_KIND = "kind";
    public static final String DEAD_LETTERS = "deadLetters";

    /** Rows a table sink has written (for ClickHouse: in inserts the server accepted). */
    public static final String ROWS_WRITTEN = "rowsWritten";
    /** Inserts the ClickHouse server accepted. */
    public static final String BATCHES_WRITTEN = "batchesWritten";
    /** Inserts that failed for a transient reason and were scheduled again. */
    public static final String INSERT_RETRIES = "insertRetries";
    /** How long inserts have been failing without a success in between; 0 while they succeed. */
    public static final String FAILING_FOR_MILLIS = "failingForMillis";

    private WeComMetrics() {}

    /** The {@code wecom} group of an operator's (or sink writer's) metric group. */
    public static MetricGroup of(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }
}
