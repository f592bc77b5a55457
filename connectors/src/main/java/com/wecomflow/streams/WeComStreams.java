package com.wecomflow.streams;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.functions.DeadLetters;
import com.wecomflow.functions.FirstSeenFilter;
import com.wecomflow.functions.EventTime;
import com.wecomflow.functions.FutureEventGate;
import com.wecomflow.functions.LatenessGate;
import com.wecomflow.functions.ParseRecords;
import com.wecomflow.parse.ArchiveMessageParser;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.parse.RecordParser;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.CallbackEvent;
import com.wecomflow.records.Parsed;
import com.wecomflow.records.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The first stages of every job, built one way: read raw records, parse (malformed records to the
 * dead letters), assign event time and watermarks, reject events past the lateness horizon, and
 * drop duplicates (WeCom retries, overlapping archive pulls). What comes out is each distinct
 * event once, in event time.
 */
public final class WeComStreams {

    /** How far behind the newest event a watermark trails; it only drives state cleanup, never results. */
    public static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);

    /** A partition with no new events for this long does not hold back the watermark. */
    public static final Duration IDLENESS = Duration.ofMinutes(1);

    private WeComStreams() {}

    public static DataStream<CallbackEvent> callbackEvents(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            String job,
            PipelineConfig config,
            DeadLetterUnion deadLetters) {
        return distinctEvents(
                env, source, job, "callbacks", new CallbackEventParser(),
                CallbackEvent::createTimeMillis, new CallbackIdentity(),
                TypeInformation.of(CallbackEvent.class), new TypeHint<Parsed<CallbackEvent>>() {}.getTypeInfo(),
                config, true, deadLetters);
    }

    public static DataStream<ArchiveMessage> archiveMessages(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            String job,
            PipelineConfig config,
            DeadLetterUnion deadLetters) {
        return archiveMessages(env, source, job, config, true, deadLetters);
    }

    /**
     * Archive messages whatever their age, for jobs that keep no state per business day (the
     * compliance scan): a message pulled months late must still be scanned.
     */
    public static DataStream<ArchiveMessage> archiveMessagesOfAnyAge(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            String job,
            PipelineConfig config,
            DeadLetterUnion deadLetters) {
        return archiveMessages(env, source, job, config, false, deadLetters);
    }

    private static DataStream<ArchiveMessage> archiveMessages(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            String job,
            PipelineConfig config,
            boolean rejectTooLate,
            DeadLetterUnion deadLetters) {
        return distinctEvents(
                env, source, job, "messages", new ArchiveMessageParser(),
                ArchiveMessage::msgTimeMillis, new MessageIdentity(),
                TypeInformation.of(ArchiveMessage.class), new TypeHint<Parsed<ArchiveMessage>>() {}.getTypeInfo(),
                config, rejectTooLate, deadLetters);
    }

    private static <T> DataStream<T> distinctEvents(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            String job,
            String stream,
            RecordParser<T> parser,
            EventTime<T> eventTime,
            KeySelector<T, String> identity,
            TypeInformation<T> type,
            TypeInformation<Parsed<T>> parsedType,
            PipelineConfig config,
            boolean rejectTooLate,
            DeadLetterUnion deadLetters) {
        String prefix = job + "-" + stream;
        SingleOutputStreamOperator<Parsed<T>> parsed = parse(env, source, job, stream, parser, parsedType, deadLetters);

        // A far-future time must be rejected before the watermark generator sees it, or every real
        // event after it would look late.
        SingleOutputStreamOperator<Parsed<T>> plausible = parsed
                .process(new FutureEventGate<>(job, eventTime), parsedType)
                .name(job + ": future-event gate for " + stream)
                .uid(prefix + "-future-event-gate");
        deadLetters.add(plausible.getSideOutput(DeadLetters.TAG));

        SerializableTimestampAssigner<Parsed<T>> assigner = (record, previous) -> eventTime.millis(record.value());
        SingleOutputStreamOperator<Parsed<T>> timed = plausible
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Parsed<T>>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                        .withTimestampAssigner(assigner)
                        .withIdleness(IDLENESS))
                .name(job + ": event time of " + stream)
                .uid(prefix + "-watermarks");
        SingleOutputStreamOperator<T> onTime;
        if (rejectTooLate) {
            onTime = timed
                    .process(new LatenessGate<>(job, config.calendar(), config.latenessHorizon(), eventTime), type)
                    .name(job + ": lateness gate for " + stream)
                    .uid(prefix + "-lateness-gate");
            deadLetters.add(onTime.getSideOutput(DeadLetters.TAG));
        } else {
            onTime = timed.map(new ParsedValue<>(), type).name(job + ": " + stream).uid(prefix + "-values");
        }

        // Identities are kept a day longer than the horizon, so a retry can never outlive its identity.
        Duration retention = config.latenessHorizon().plusDays(1);
        return onTime
                .keyBy(identity)
                .process(new FirstSeenFilter<>(retention), type)
                .name(job + ": drop duplicate " + stream)
                .uid(prefix + "-dedup");
    }

    /**
     * The records of a compacted topic (the channel catalogue), parsed with their keys, a tombstone
     * as the parser reads it, malformed records to the dead letters. They carry no event time and
     * are not de-duplicated: a record sent twice states the same thing twice.
     */
    public static <T> DataStream<T> topicRecords(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            String job,
            String stream,
            RecordParser<T> parser,
            TypeInformation<T> type,
            TypeInformation<Parsed<T>> parsedType,
            DeadLetterUnion deadLetters) {
        return parse(env, source, job, stream, parser, parsedType, deadLetters)
                .map(new ParsedValue<>(), type)
                .name(job + ": " + stream)
                .uid(job + "-" + stream + "-values");
    }

    private static <T> SingleOutputStreamOperator<Parsed<T>> parse(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            String job,
            String stream,
            RecordParser<T> parser,
            TypeInformation<Parsed<T>> parsedType,
            DeadLetterUnion deadLetters) {
        String prefix = job + "-" + stream;
        SingleOutputStreamOperator<Parsed<T>> parsed = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), job + ": read " + stream)
                .uid(prefix + "-source")
                .process(new ParseRecords<>(job, parser), parsedType)
                .name(job + ": parse " + stream)
                .uid(prefix + "-parse");
        deadLetters.add(parsed.getSideOutput(DeadLetters.TAG));
        return parsed;
    }

    /** The parsed record without its raw text, once nothing can reject it any more. */
    static final class ParsedValue<T> implements org.apache.flink.api.common.functions.MapFunction<Parsed<T>, T> {
        private static final long serialVersionUID = 1L;

        @Override
        public T map(Parsed<T> parsed) {
            return parsed.value();
        }
    }

    /** A callback's identity is the whole record. */
    static final class CallbackIdentity implements KeySelector<CallbackEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CallbackEvent event) {
            return event.identity();
        }
    }

    /** An archive message's identity is (corpid, msgid). */
    static final class MessageIdentity implements KeySelector<ArchiveMessage, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ArchiveMessage message) {
            return message.identity();
        }
    }
}
