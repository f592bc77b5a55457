package com.wecomflow.jobs.conversion;

import java.time.Duration;
import java.util.List;

/**
 * One customer's way through the funnel: first-touch attribution and the first time of each later
 * step at or after the add ({@link Facts}, the {@code customer_journey} row), and from them the
 * stages reached within the attribution window {@code [t_add, t_add + W)} ({@link Contribution},
 * what the customer adds to {@code channel_conversion_daily}). Events may arrive in any order: an
 * earlier add moves the attribution, and every first is looked up again from the times kept.
 *
 * <p>Times are kept only while they can still be a first. Of the times at or after the add, only
 * the earliest per kind (per employee, for deletions) can be, whatever earlier add still comes, so
 * the later ones are dropped on arrival. An add earlier than the lateness cutoff is never accepted,
 * so times before the cutoff are dropped too; once the cutoff passes the add, the attribution is
 * final and each kind keeps one time at most. Once it passes the end of the window the
 * contribution is final as well: the journey is closed, and only later steps (a first message 40
 * days after the add) still change its facts.
 */
public final class CustomerJourney {

    /** The customer's first add: when, through which channel, to which employee. */
    public record Attribution(long addedAtMillis, String state, String userId) {

        /** Earlier wins; the same second is decided by employee then channel, so the order of arrival never is. */
        boolean precedes(Attribution other) {
            if (addedAtMillis != other.addedAtMillis) {
                return addedAtMillis < other.addedAtMillis;
            }
            int byEmployee = userId.compareTo(other.userId);
            return byEmployee != 0 ? byEmployee < 0 : state.compareTo(other.state) < 0;
        }
    }

    /**
     * The customer's facts: the attribution and the first time (Unix milliseconds) of each step at
     * or after the add, null when none.
     *
     * @param lostAt the first deletion of the attributed employee by the customer ({@code del_follow_user})
     * @param removedAt the first deletion of the customer by the attributed employee ({@code del_external_contact})
     */
    public record Facts(
            Attribution attribution,
            Long firstGroupJoinAt,
            Long firstMsgAt,
            Long firstCheckinAt,
            Long lostAt,
            Long removedAt) {

        /** The stages these facts reach within the window: {@code channel_conversion_daily} is their sum. */
        public Contribution contribution(Duration window) {
            long windowEnd = attribution.addedAtMillis() + window.toMillis();
            return new Contribution(attribution, isBefore(firstGroupJoinAt, windowEnd), isBefore(firstMsgAt, windowEnd),
                    isBefore(firstCheckinAt, windowEnd), isBefore(lostAt, windowEnd));
        }

        private static boolean isBefore(Long atMillis, long endMillis) {
            return atMillis != null && atMillis < endMillis;
        }
    }

    /** What the customer adds to a cohort: the cohort (channel and add time) and each stage reached. */
    public record Contribution(
            Attribution attribution, boolean joinedGroup, boolean engaged, boolean checkedIn, boolean lost) {}

    private static final long OPEN = Long.MIN_VALUE;

    private Attribution attribution;
    private final StepTimes groupJoins = new StepTimes();
    private final StepTimes messages = new StepTimes();
    private final StepTimes checkins = new StepTimes();
    private final StepTimes losses = new StepTimes();
    private final StepTimes removals = new StepTimes();
    /** The end of the attribution window once the journey is closed; {@link #OPEN} until then. */
    private long closedWindowEnd = OPEN;

    /** @return whether this add is now the customer's first */
    public boolean added(long atMillis, String state, String userId) {
        Attribution candidate = new Attribution(atMillis, state == null ? "" : state, userId);
        if (isClosed() || (attribution != null && !candidate.precedes(attribution))) {
            return false;
        }
        attribution = candidate;
        for (StepTimes steps : everyKind()) {
            steps.keepCandidates(Long.MIN_VALUE, atMillis, null);
        }
        return true;
    }

    public void joinedGroup(long atMillis) {
        record(groupJoins, atMillis, StepTimes.ANY_EMPLOYEE, null);
    }

    public void sentMessage(long atMillis) {
        record(messages, atMillis, StepTimes.ANY_EMPLOYEE, null);
    }

    public void checkedIn(long atMillis) {
        record(checkins, atMillis, StepTimes.ANY_EMPLOYEE, null);
    }

    /** The customer deleted or blocked the employee ({@code del_follow_user}). */
    public void deletedEmployee(long atMillis, String userId) {
        record(losses, atMillis, userId, finalEmployee());
    }

    /** The employee deleted the customer ({@code del_external_contact}). */
    public void removedByEmployee(long atMillis, String userId) {
        record(removals, atMillis, userId, finalEmployee());
    }

    /** Whether the window is over: the contribution can no longer change. */
    public boolean isClosed() {
        return closedWindowEnd != OPEN;
    }

    /** The customer's facts, or null while no add is known. */
    public Facts facts() {
        if (attribution == null) {
            return null;
        }
        long from = attribution.addedAtMillis();
        return new Facts(attribution,
                groupJoins.firstFrom(from, null),
                messages.firstFrom(from, null),
                checkins.firstFrom(from, null),
                losses.firstFrom(from, attribution.userId()),
                removals.firstFrom(from, attribution.userId()));
    }

    /** The customer's contribution to its cohort, or null while no add is known. */
    public Contribution contribution(Duration window) {
        Facts facts = facts();
        return facts == null ? null : facts.contribution(window);
    }

    /**
     * Drops the event times that can no longer matter, and closes the journey once its window is over.
     *
     * @param cutoffMillis no add at or before this will be accepted any more
     * @return whether the journey holds nothing at all (no attribution, no kept times)
     */
    public boolean forgetBefore(long cutoffMillis, Duration window) {
        if (attribution == null) {
            for (StepTimes steps : everyKind()) {
                steps.keepCandidates(cutoffMillis, null, null);
            }
            return everyKind().stream().allMatch(StepTimes::isEmpty);
        }
        long addedAt = attribution.addedAtMillis();
        long keepFrom = Math.min(cutoffMillis, addedAt);
        // Once no earlier add can come, the attribution (and so its employee) is final.
        String onlyEmployee = cutoffMillis >= addedAt ? attribution.userId() : null;
        groupJoins.keepCandidates(keepFrom, addedAt, null);
        messages.keepCandidates(keepFrom, addedAt, null);
        checkins.keepCandidates(keepFrom, addedAt, null);
        losses.keepCandidates(keepFrom, addedAt, onlyEmployee);
        removals.keepCandidates(keepFrom, addedAt, onlyEmployee);
        long windowEnd = addedAt + window.toMillis();
        if (cutoffMillis >= windowEnd) {
            closedWindowEnd = windowEnd;
        }
        return false;
    }

    /** How many event times are kept: bounded by the customer's activity within the horizon. */
    public int keptTimes() {
        return everyKind().stream().mapToInt(StepTimes::size).sum();
    }

    /** @param onlyEmployee when not null, the only employee whose steps of this kind can still matter */
    private void record(StepTimes steps, long atMillis, String employee, String onlyEmployee) {
        // A step inside a closed window is past the lateness horizon (the gates refuse those):
        // taking it would change the facts but not the cohort, whose day is gone.
        if (atMillis < closedWindowEnd) {
            return;
        }
        steps.add(atMillis, employee);
        if (attribution != null) {
            steps.keepCandidates(Long.MIN_VALUE, attribution.addedAtMillis(), onlyEmployee);
        }
    }

    /** The attributed employee once the journey is closed (no other can become it), else null. */
    private String finalEmployee() {
        return isClosed() ? attribution.userId() : null;
    }

    private List<StepTimes> everyKind() {
        return List.of(groupJoins, messages, checkins, losses, removals);
    }
}
