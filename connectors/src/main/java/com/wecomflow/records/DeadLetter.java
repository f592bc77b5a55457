package com.wecomflow.records;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param raw the record's text as received
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
        String raw) {

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
