package com.wecomflow.functions;

import com.wecomflow.parse.ParseException;
import com.wecomflow.parse.RecordParser;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.Parsed;
import com.wecomflow.records.RawRecord;
import java.util.Optional;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses raw input records. Malformed records go to {@link DeadLetters#TAG} with the reason and
 * the raw text; a record of a kind the jobs ignore is dropped; the job never fails on input.
 * Parsed records keep their raw record, for the checks that follow.
 */
public final class ParseRecords<T> extends ProcessFunction<RawRecord, Parsed<T>> {

    private static final long serialVersionUID = 1L;

    private final String job;
    private final RecordParser<T> parser;

    public ParseRecords(String job, RecordParser<T> parser) {
        this.job = job;
        this.parser = parser;
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<Parsed<T>> out) {
        if (record.text() == null) {
            context.output(DeadLetters.TAG, DeadLetter.of(job, "record has no value (tombstone)", record));
            return;
        }
        if (record.textProblem() != null) {
            context.output(DeadLetters.TAG, DeadLetter.of(job, record.textProblem(), record));
            return;
        }
        Optional<T> parsed;
        try {
            parsed = parser.parse(record.text());
        } catch (ParseException e) {
            context.output(DeadLetters.TAG, DeadLetter.of(job, e.getMessage(), record));
            return;
        } catch (RuntimeException e) {
            // A parser bug must not stop the job; the record is kept, with the error, for a replay.
            context.output(DeadLetters.TAG, DeadLetter.of(job, "unreadable record: " + e, record));
            return;
        }
        parsed.ifPresent(value -> out.collect(new Parsed<>(value, record)));
    }
}
