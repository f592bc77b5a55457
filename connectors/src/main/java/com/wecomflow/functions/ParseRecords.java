package com.wecomflow.functions;

import com.wecomflow.metrics.DeadLetterCounters;
import com.wecomflow.metrics.WeComMetrics;
import com.wecomflow.parse.ParseException;
import com.wecomflow.parse.RecordParser;
import com.wecomflow.records.DeadLetter;
import com.wecomflow.records.DeadLetterKind;
import com.wecomflow.records.Parsed;
import com.wecomflow.records.RawRecord;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses raw input records. Malformed records go to {@link DeadLetters#TAG} with the reason and
 * the raw text; a record of a kind the jobs ignore is dropped; the job never fails on input. The
 * parser sees the record's key, and decides what a record without a value is (a dead letter on
 * the input topics, a deletion on a compacted topic).
 * Parsed records keep their raw record, for the checks that follow. Every record is counted once
 * in {@code wecom.recordsIn} and once as parsed, ignored or a dead letter of its kind.
 */
public final class ParseRecords<T> extends ProcessFunction<RawRecord, Parsed<T>> {

    private static final long serialVersionUID = 1L;

    private final String job;
    private final RecordParser<T> parser;

    private transient Counter recordsIn;
    private transient Counter recordsParsed;
    private transient Counter recordsIgnored;
    private transient DeadLetterCounters deadLetters;

    public ParseRecords(String job, RecordParser<T> parser) {
        this.job = job;
        this.parser = parser;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup operator = getRuntimeContext().getMetricGroup();
        MetricGroup wecom = WeComMetrics.of(operator);
        recordsIn = wecom.counter(WeComMetrics.RECORDS_IN);
        recordsParsed = wecom.counter(WeComMetrics.RECORDS_PARSED);
        recordsIgnored = wecom.counter(WeComMetrics.RECORDS_IGNORED);
        deadLetters = DeadLetterCounters.register(operator, DeadLetterKind.OF_PARSING);
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<Parsed<T>> out) {
        recordsIn.inc();
        if (record.text() != null && record.textProblem() != null) {
            reject(context, DeadLetterKind.NOT_UTF8, record.textProblem(), record);
            return;
        }
        Optional<T> parsed;
        try {
            parsed = record.text() == null
                    ? parser.parseTombstone(record.key())
                    : parser.parse(record.key(), record.text());
        } catch (ParseException e) {
            reject(context, e.kind(), e.getMessage(), record);
            return;
        } catch (RuntimeException e) {
            // A parser bug must not stop the job; the record is kept, with the error, for a replay.
            reject(context, DeadLetterKind.PARSER_ERROR, "unreadable record: " + e, record);
            return;
        }
        if (parsed.isPresent()) {
            recordsParsed.inc();
            out.collect(new Parsed<>(parsed.get(), record));
        } else {
            recordsIgnored.inc();
        }
    }

    private void reject(Context context, DeadLetterKind kind, String reason, RawRecord record) {
        context.output(DeadLetters.TAG, deadLetters.count(kind, DeadLetter.of(job, reason, record)));
    }
}
