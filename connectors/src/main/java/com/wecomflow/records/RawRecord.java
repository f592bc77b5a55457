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
 * @param text the record value, decoded as UTF-8; null for a tombstone
 */
public record RawRecord(String topic, int partition, long offset, String file, long line, String key, String text) {}
