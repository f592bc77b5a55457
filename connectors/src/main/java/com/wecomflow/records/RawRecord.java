package com.wecomflow.records;

/**
 * One input record exactly as it arrived, before parsing: the text plus where it came from, so
 * that a record we cannot use is dead-lettered with its full provenance.
 *
 * @param topic the Kafka topic it was read from
 * @param partition the Kafka partition
 * @param offset the Kafka offset
 * @param file the replay file it was produced from, or null when it came from the live ingress
 * @param line the 1-based line in {@code file}, or 0
 * @param key the record key, decoded as UTF-8, or null
 * @param text the record value decoded as UTF-8 (a leading byte-order mark skipped); null for a
 *     tombstone. When the value is not valid UTF-8, its invalid bytes show as U+FFFD here and
 *     {@code textProblem} says so: such text is only fit for a dead letter.
 * @param textProblem why the value is not usable text (not valid UTF-8), or null
 */
public record RawRecord(
        String topic, int partition, long offset, String file, long line, String key, String text, String textProblem) {

    /** A record whose value is valid text (or a tombstone). */
    public RawRecord(String topic, int partition, long offset, String file, long line, String key, String text) {
        this(topic, partition, offset, file, line, key, text, null);
    }
}
