package com.wecomflow.jobs.compliance;

import com.wecomflow.time.WorkingTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One one-to-one chat's messages seen as customers' waits for a reply ({@code builtin.reply_timeout},
 * DESIGN section 5b). A wait opens at a customer message when no wait is open; it is answered by
 * the employee's earliest message at or after that time; the next wait opens at the customer's
 * first message strictly after the answer. Messages at the same millisecond are ordered by msgid,
 * so the waits depend on the messages only, never on the order they arrived in: every change
 * recomputes them from the messages kept.
 *
 * <p>Messages are kept only while a message yet to come could still change what they mean. Once
 * no message before a cutoff can arrive any more ({@link #forgetBefore}), the waits answered before
 * it are final and only the time of their last answer is kept; of a wait still open at the cutoff,
 * only its opening message is kept, because nothing inside it opens a wait before it is answered.
 */
public final class ReplyWaits {

    /** A message of the chat. */
    public record Line(String msgId, long atMillis, boolean fromCustomer) {}

    /**
     * A customer's wait for a reply.
     *
     * @param msgId the customer message that opened it
     * @param answeredAtMillis the employee's answer, null while unanswered
     */
    public record Wait(String msgId, long openedAtMillis, long dueAtMillis, Long answeredAtMillis) {

        /** Not answered before its due time (an answer at the due time is late). */
        public boolean isBreach() {
            return answeredAtMillis == null || answeredAtMillis >= dueAtMillis;
        }

        /** A breach already known when event time has reached {@code watermark}. */
        public boolean isBreachBy(long watermark) {
            return dueAtMillis <= watermark && isBreach();
        }
    }

    private static final Comparator<Line> CHAT_ORDER =
            Comparator.comparingLong(Line::atMillis).thenComparing(Line::msgId);

    /** Customer messages at or before this time open no wait: it is the last answer already forgotten. */
    private long settledUntil = Long.MIN_VALUE;
    /** In {@link #CHAT_ORDER}. */
    private final List<Line> lines = new ArrayList<>();

    /** @return false when the chat already has a message with this msgid (a duplicate) */
    public boolean add(String msgId, long atMillis, boolean fromCustomer) {
        for (Line line : lines) {
            if (line.msgId().equals(msgId)) {
                return false;
            }
        }
        Line line = new Line(msgId, atMillis, fromCustomer);
        int at = Collections.binarySearch(lines, line, CHAT_ORDER);
        lines.add(at < 0 ? -at - 1 : at, line);
        return true;
    }

    /** The chat's waits in time order, each due {@code sla} of working time after it opened. */
    public List<Wait> waits(WorkingTime workingTime, Duration sla) {
        List<Wait> waits = new ArrayList<>();
        long answeredAt = settledUntil;
        int customerAt = 0;
        int employeeAt = 0;
        while (true) {
            while (customerAt < lines.size()
                    && (!lines.get(customerAt).fromCustomer() || lines.get(customerAt).atMillis() <= answeredAt)) {
                customerAt++;
            }
            if (customerAt == lines.size()) {
                return waits;
            }
            Line opening = lines.get(customerAt);
            while (employeeAt < lines.size()
                    && (lines.get(employeeAt).fromCustomer() || lines.get(employeeAt).atMillis() < opening.atMillis())) {
                employeeAt++;
            }
            long due = workingTime.dueAt(opening.atMillis(), sla);
            if (employeeAt == lines.size()) {
                waits.add(new Wait(opening.msgId(), opening.atMillis(), due, null));
                return waits;
            }
            answeredAt = lines.get(employeeAt).atMillis();
            waits.add(new Wait(opening.msgId(), opening.atMillis(), due, answeredAt));
        }
    }

    /**
     * Forgets what no message at or after {@code cutoff} can change any more, given that no message
     * before it will arrive: the waits answered before it, and every message of a wait still open
     * at it but the opening one.
     */
    public void forgetBefore(long cutoff, WorkingTime workingTime, Duration sla) {
        String openAtCutoff = null;
        for (Wait wait : waits(workingTime, sla)) {
            if (wait.answeredAtMillis() != null && wait.answeredAtMillis() < cutoff) {
                settledUntil = wait.answeredAtMillis();
            } else {
                if (wait.openedAtMillis() < cutoff) {
                    openAtCutoff = wait.msgId();
                }
                break;
            }
        }
        String kept = openAtCutoff;
        lines.removeIf(line -> line.atMillis() < cutoff && !line.msgId().equals(kept));
    }

    /** Whether a message with this msgid is kept. */
    public boolean holds(String msgId) {
        for (Line line : lines) {
            if (line.msgId().equals(msgId)) {
                return true;
            }
        }
        return false;
    }

    /** No message kept: nothing to come depends on the past of this chat. */
    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The messages kept, in chat order. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }
}
