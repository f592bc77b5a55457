package com.wecomflow.jobs.conversion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One customer's way through the funnel: first-touch attribution and the stages reached within
 * the attribution window {@code [t_add, t_add + W)}. Events may arrive in any order: an earlier
 * add moves the attribution, and every stage is re-judged against the new window from the event
 * times kept. Times are kept only while they can still matter: an add earlier than the lateness
 * cutoff is never accepted, so times before it (and outside the current window) and times at or
 * after the end of the current window (windows only move earlier) are dropped. Once the cutoff
 * passes the end of the window, nothing can change any more and the journey is closed.
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

    /** What the customer adds to a cohort: the cohort (channel and add time) and each stage reached. */
    public record Contribution(
            Attribution attribution, boolean joinedGroup, boolean engaged, boolean checkedIn, boolean lost) {}

    private Attribution attribution;
    private final List<Long> groupJoins = new ArrayList<>();
    private final List<Long> messages = new ArrayList<>();
    private final List<Long> checkins = new ArrayList<>();
    private final List<Long> deletionTimes = new ArrayList<>();
    private final List<String> deletedEmployees = new ArrayList<>();
    private Contribution closedContribution;

    /** @return whether this add is now the customer's first */
    public boolean added(long atMillis, String state, String userId) {
        Attribution candidate = new Attribution(atMillis, state == null ? "" : state, userId);
        if (attribution == null || candidate.precedes(attribution)) {
            attribution = candidate;
            return true;
        }
        return false;
    }

    public void joinedGroup(long atMillis) {
        groupJoins.add(atMillis);
    }

    public void sentMessage(long atMillis) {
        messages.add(atMillis);
    }

    public void checkedIn(long atMillis) {
        checkins.add(atMillis);
    }

    public void deletedEmployee(long atMillis, String userId) {
        deletionTimes.add(atMillis);
        deletedEmployees.add(userId);
    }

    public boolean isClosed() {
        return closedContribution != null;
    }

    /** The customer's contribution to its cohort, or null while no add is known. */
    public Contribution contribution(Duration window) {
        if (closedContribution != null) {
            return closedContribution;
        }
        if (attribution == null) {
            return null;
        }
        long from = attribution.addedAtMillis();
        long until = from + window.toMillis();
        boolean lost = false;
        for (int i = 0; i < deletionTimes.size(); i++) {
            long at = deletionTimes.get(i);
            lost |= at >= from && at < until && deletedEmployees.get(i).equals(attribution.userId());
        }
        return new Contribution(attribution, anyWithin(groupJoins, from, until), anyWithin(messages, from, until),
                anyWithin(checkins, from, until), lost);
    }

    /**
     * Drops the event times that can no longer matter.
     *
     * @param cutoffMillis no add earlier than this will be accepted any more
     * @return whether the journey holds nothing at all (no attribution, no kept times)
     */
    public boolean forgetBefore(long cutoffMillis, Duration window) {
        if (isClosed()) {
            return false;
        }
        long windowEnd = attribution == null ? Long.MAX_VALUE : attribution.addedAtMillis() + window.toMillis();
        long keepFrom = attribution == null ? cutoffMillis : Math.min(cutoffMillis, attribution.addedAtMillis());
        if (attribution != null && cutoffMillis >= windowEnd) {
            // The window is over and no earlier add can come: the contribution is final.
            closedContribution = contribution(window);
            groupJoins.clear();
            messages.clear();
            checkins.clear();
            deletionTimes.clear();
            deletedEmployees.clear();
            return false;
        }
        groupJoins.removeIf(at -> at < keepFrom || at >= windowEnd);
        messages.removeIf(at -> at < keepFrom || at >= windowEnd);
        checkins.removeIf(at -> at < keepFrom || at >= windowEnd);
        Iterator<Long> times = deletionTimes.iterator();
        Iterator<String> employees = deletedEmployees.iterator();
        while (times.hasNext()) {
            long at = times.next();
            employees.next();
            if (at < keepFrom || at >= windowEnd) {
                times.remove();
                employees.remove();
            }
        }
        return attribution == null && groupJoins.isEmpty() && messages.isEmpty() && checkins.isEmpty()
                && deletionTimes.isEmpty();
    }

    /** How many event times are kept: bounded by the customer's activity within the horizon and window. */
    public int keptTimes() {
        return groupJoins.size() + messages.size() + checkins.size() + deletionTimes.size();
    }

    private static boolean anyWithin(List<Long> times, long from, long until) {
        for (long at : times) {
            if (at >= from && at < until) {
                return true;
            }
        }
        return false;
    }
}
