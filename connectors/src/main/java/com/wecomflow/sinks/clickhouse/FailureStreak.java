package com.wecomflow.sinks.clickhouse;

/**
 * The current run of failed inserts of one sink writer: how many failed in a row (for the
 * backoff) and since when (for the {@code wecom.failingForMillis} gauge). A success ends it.
 * Inserts complete on the client's threads, hence the locking.
 */
final class FailureStreak {

    private int failures;
    private long firstFailureMillis;

    /** Records a failure at the given time; returns how many inserts have now failed in a row. */
    synchronized int failed(long nowMillis) {
        if (failures == 0) {
            firstFailureMillis = nowMillis;
        }
        return ++failures;
    }

    synchronized void succeeded() {
        failures = 0;
    }

    /** How long inserts have been failing at the given time: 0 unless the last insert failed. */
    synchronized long failingForMillis(long nowMillis) {
        return failures == 0 ? 0 : Math.max(0, nowMillis - firstFailureMillis);
    }
}
