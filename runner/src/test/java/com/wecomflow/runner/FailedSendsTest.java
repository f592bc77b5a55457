package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a replay does with the lines Kafka did not take: nothing is dropped, only transient failures are sent again. */
class FailedSendsTest {

    private static ProducerRecord<String, byte[]> record(String value) {
        return new ProducerRecord<>("wecom.callback.events", "key", value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsOnlyTheFailedRecordsInLineOrderAndForgetsThemOnceTaken() {
        FailedSends failures = new FailedSends();
        ProducerRecord<String, byte[]> seventh = record("seventh");
        ProducerRecord<String, byte[]> third = record("third");
        ProducerRecord<String, byte[]> fifth = record("fifth");
        // Completions arrive per partition, not in line order.
        failures.keepIfFailed(seventh, 7).onCompletion(null, new TimeoutException("Expiring 2 record(s)"));
        failures.keepIfFailed(fifth, 5).onCompletion(null, null);
        failures.keepIfFailed(third, 3).onCompletion(null, new TimeoutException("Expiring 2 record(s)"));

        List<FailedSends.FailedSend> failed = failures.take();

        assertThat(failed).extracting(FailedSends.FailedSend::line).containsExactly(3L, 7L);
        assertThat(failed).extracting(FailedSends.FailedSend::record).containsExactly(third, seventh);
        assertThat(failures.take()).isEmpty();
    }

    @Test
    void onlyRetriableErrorsAreSentAgain() {
        FailedSends failures = new FailedSends();
        failures.keepIfFailed(record("a"), 1).onCompletion(null, new TimeoutException("Expiring 46 record(s)"));
        List<FailedSends.FailedSend> transientOnly = failures.take();
        failures.keepIfFailed(record("a"), 1).onCompletion(null, new TimeoutException("Expiring 46 record(s)"));
        failures.keepIfFailed(record("b"), 2).onCompletion(null, new RecordTooLargeException("too large"));
        List<FailedSends.FailedSend> mixed = failures.take();

        assertThat(FailedSends.allTransient(transientOnly)).isTrue();
        assertThat(FailedSends.allTransient(mixed)).isFalse();
    }

    @Test
    void theReasonNamesHowManyLinesAndTheLineThatFailedForGood() {
        FailedSends failures = new FailedSends();
        failures.keepIfFailed(record("a"), 4).onCompletion(null, new TimeoutException("Expiring 46 record(s)"));
        failures.keepIfFailed(record("b"), 9).onCompletion(null, new RecordTooLargeException("too large"));
        assertThat(FailedSends.describe(failures.take(), 1)).isEqualTo("2 lines not produced (line 9: too large)");

        failures.keepIfFailed(record("a"), 4).onCompletion(null, new TimeoutException("Expiring 46 record(s)"));
        assertThat(FailedSends.describe(failures.take(), 3))
                .isEqualTo("1 line not produced after 3 attempts (line 4: Expiring 46 record(s))");
    }
}
