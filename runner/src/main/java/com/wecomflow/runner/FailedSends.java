package com.wecomflow.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The records of an input file that Kafka did not take, kept with their line so that none is lost
 * unnoticed: a transient failure is sent again (the jobs drop the duplicate a retry may make), any
 * other failure stops the replay naming the line.
 */
final class FailedSends {

    /** One record the producer gave up on, and why. */
    record FailedSend(ProducerRecord<String, byte[]> record, long line, Exception error) {

        boolean isTransient() {
            return error instanceof RetriableException;
        }
    }

    private final ConcurrentLinkedQueue<FailedSend> failures = new ConcurrentLinkedQueue<>();

    /** A producer callback that keeps the record if its send fails. */
    Callback keepIfFailed(ProducerRecord<String, byte[]> record, long line) {
        return (metadata, error) -> {
            if (error != null) {
                failures.add(new FailedSend(record, line, error));
            }
        };
    }

    /** The failures since the last call, in line order; the producer must have been flushed. */
    List<FailedSend> take() {
        List<FailedSend> taken = new ArrayList<>();
        FailedSend failure;
        while ((failure = failures.poll()) != null) {
            taken.add(failure);
        }
        taken.sort(Comparator.comparingLong(FailedSend::line));
        return taken;
    }

    /** Whether every failure may be sent again. */
    static boolean allTransient(List<FailedSend> failed) {
        return failed.stream().allMatch(FailedSend::isTransient);
    }

    /** Why the lines were not produced: how many, and the first line that failed for good (or else the first). */
    static String describe(List<FailedSend> failed, int attempts) {
        FailedSend first = failed.stream().filter(failure -> !failure.isTransient()).findFirst().orElse(failed.get(0));
        String lines = failed.size() == 1 ? "1 line" : String.format("%,d lines", failed.size());
        String tries = first.isTransient() ? " after " + attempts + " attempts" : "";
        return String.format("%s not produced%s (line %d: %s)", lines, tries, first.line(), first.error().getMessage());
    }
}
