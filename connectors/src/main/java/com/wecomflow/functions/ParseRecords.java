package com.wecomflow.functions;

import com.wecomflow.parse.ParseException;
import com.wecomflow.parse.RecordParser;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.RawRecord;
import java.util.Optional;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses raw input records. Malformed records go to {@link DeadLetters#TAG} with the reason and
 * the raw text; a record of a kind the jobs ignore is dropped; the job never fails on input.
 */
public final class ParseRecords<T> extends ProcessFunction<RawRecord, T> {

    private static final long serialVersionUID = 1L;

    private final String job;
    private final RecordParser<T> parser;

    public ParseRecords(String job, RecordParser<T> parser) {
        this.job = job;
        this.parser = parser;
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<T> out) {
        if (record.text() == null) {
            context.output(DeadLetters.TAG, DeadLetter.of(job, "record has no value (tombstone)", record));
            return;
        }
        try {
            Optional<T> parsed = parser.parse(record.text());
            parsed.ifPresent(out::collect);
        } catch (ParseException e) {
            context.output(DeadLetters.TAG, DeadLetter.of(job, e.getMessage(), record));
        } catch (RuntimeException e) {
            context.output(DeadLetters.TAG, DeadLetter.of(job, "unreadable record: " + e, record));
        }
    }
}
