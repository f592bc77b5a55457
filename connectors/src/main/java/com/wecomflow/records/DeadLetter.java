package com.wecomflow.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomflow.text.Utf8;

/**
 * A record a job could not use, with the reason, so that nothing is lost silently. Written to the
 * dead-letter topic ({@code wecom.deadletter}) and, in replay, to {@code deadletter.jsonl}.
 *
 * @param job the job that rejected it
 * @param reason a one-line human-readable reason
 * @param source the topic the record was read from
 * @param partition its Kafka partition
 * @param offset its Kafka offset
 * @param file the replay file it came from, when known
 * @param line the line in that file, when known
 * @param raw the record's text as received, cut to its first {@link #MAX_RAW_BYTES} bytes (UTF-8)
 * @param rawBytes the size of the whole text in UTF-8 bytes, before it was cut; for a record that is
 *     not valid UTF-8, of its text with each invalid sequence shown as U+FFFD
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        String job,
        String reason,
        String source,
        int partition,
        long offset,
        String file,
        Long line,
        String raw,
        Long rawBytes) {

    /**
     * How much of the raw text a dead letter keeps. A letter must fit Kafka's default 1 MiB record
     * (the dead-letter producers keep that default): 64 KiB, even of control characters that JSON
     * writes six bytes each, leaves room for the rest.
     */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    /** Reasons quote what was wrong; a quoted value is cut so the reason stays one readable line. */
    public static final int MAX_REASON_CHARS = 1024;

    /**
     * Every dead letter is bounded here, whoever makes it: {@code rawBytes} is taken from the full
     * text when not given, then the text is cut. Applying it again (deserialisation, Flink's copies)
     * changes nothing.
     */
    public DeadLetter {
        if (raw != null) {
            if (rawBytes == null) {
                rawBytes = Utf8.encodedLength(raw);
            }
            if (raw.length() > MAX_RAW_BYTES / 4) {
                raw = Utf8.prefix(raw, MAX_RAW_BYTES);
            }
        }
        if (reason != null && reason.length() > MAX_REASON_CHARS) {
            int cut = MAX_REASON_CHARS - 1;
            if (Character.isHighSurrogate(reason.charAt(cut - 1))) {
                cut--;
            }
            reason = reason.substring(0, cut) + "…";
        }
    }

    /** A dead letter of a complete raw text: its size is measured and the text bounded. */
    public DeadLetter(
            String job, String reason, String source, int partition, long offset, String file, Long line, String raw) {
        this(job, reason, source, partition, offset, file, line, raw, null);
    }

    public static DeadLetter of(String job, String reason, RawRecord record) {
        return new DeadLetter(
                job,
                reason,
                record.topic(),
                record.partition(),
                record.offset(),
                record.file(),
                record.file() == null ? null : record.line(),
                record.text());
    }

    /**
     * A dead letter for an event a stage of a job refused after parsing: its raw text is gone by
     * then, so {@code raw} is the event as JSON and {@code source} names the stage.
     */
    public static DeadLetter ofEvent(String stage, String reason, Object event) {
        return new DeadLetter(stage, reason, stage, -1, -1L, null, null, com.wecomflow.parse.Json.toRowJson(event));
    }

    /** The Kafka key: one input record may be rejected by several jobs, and the key tells them apart. */
    public String kafkaKey() {
        return source + "-" + partition + "-" + offset + "/" + job;
    }
}
