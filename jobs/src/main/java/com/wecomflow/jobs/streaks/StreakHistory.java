package com.wecomflow.jobs.streaks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One member's check-in days in one group, in bounded space. Days that can still change (late
 * check-ins within the lateness horizon may fill gaps) are kept exactly; days past the horizon
 * are folded into a few numbers (count, longest run, the run ending at the last of them, the
 * milestones they reached) and forgotten, so a member who checks in for years costs the same
 * as one who checked in for a month. The result depends only on the set of days, never on the
 * order they were added in or when older days were folded.
 */
public final class StreakHistory {

    private static final long NONE = Long.MIN_VALUE;

    // The folded past: days no event can add to any more.
    private long foldedDays;
    private int foldedLongest;
    private long firstDay = NONE;
    private long lastFoldedDay = NONE;
    private int runAtLastFoldedDay;
    private long closedThroughDay = NONE;
    private final TreeMap<Integer, Long> milestonesReachedWhileFolding = new TreeMap<>();

    // The open present: exact days (epoch days), ascending, without repeats.
    private final ArrayList<Long> openDays = new ArrayList<>();

    /** What {@code checkin_streaks} shows. */
    public record Summary(int currentStreak, int longestStreak, long totalDays, LocalDate firstCheckinDate,
            LocalDate lastCheckinDate) {}

    /**
     * Adds a check-in day.
     *
     * @return false when the day was already known (several check-ins on one day count once)
     * @throws IllegalArgumentException for a day at or before the last folded day: that history is closed
     */
    public boolean add(LocalDate date) {
        long day = date.toEpochDay();
        if (closedThroughDay != NONE && day <= closedThroughDay) {
            throw new IllegalArgumentException(date + " is in the folded past");
        }
        int position = Collections.binarySearch(openDays, day);
        if (position >= 0) {
            return false;
        }
        openDays.add(-position - 1, day);
        if (firstDay == NONE || day < firstDay) {
            firstDay = day;
        }
        return true;
    }

    /** Whether a day is in the folded past, which no check-in can change any more. */
    public boolean isClosed(LocalDate date) {
        return closedThroughDay != NONE && date.toEpochDay() <= closedThroughDay;
    }

    /** The open days, ascending: the ones that can still be part of a changing run. */
    public List<LocalDate> openDays() {
        return openDays.stream().map(LocalDate::ofEpochDay).toList();
    }

    public boolean isEmpty() {
        return firstDay == NONE;
    }

    /** Folds every open day up to and including {@code through} into the summary numbers; those days are closed. */
    public void foldThrough(LocalDate through, List<Integer> milestones) {
        long limit = through.toEpochDay();
        closedThroughDay = Math.max(closedThroughDay, limit);
        while (!openDays.isEmpty() && openDays.get(0) <= limit) {
            long day = openDays.remove(0);
            int run = lastFoldedDay != NONE && day == lastFoldedDay + 1 ? runAtLastFoldedDay + 1 : 1;
            foldedDays++;
            foldedLongest = Math.max(foldedLongest, run);
            lastFoldedDay = day;
            runAtLastFoldedDay = run;
            if (milestones.contains(run)) {
                milestonesReachedWhileFolding.putIfAbsent(run, day);
            }
        }
    }

    public Summary summary() {
        if (isEmpty()) {
            throw new IllegalStateException("no check-in yet");
        }
        long previous = lastFoldedDay;
        int run = runAtLastFoldedDay;
        int longest = foldedLongest;
        for (long day : openDays) {
            run = previous != NONE && day == previous + 1 ? run + 1 : 1;
            longest = Math.max(longest, run);
            previous = day;
        }
        return new Summary(run, longest, foldedDays + openDays.size(), LocalDate.ofEpochDay(firstDay),
                LocalDate.ofEpochDay(previous));
    }

    /**
     * For each milestone reached, the first date on which a run reached that many consecutive
     * days. Runs grow one day at a time, so a run reaches {@code n} exactly on its {@code n}th day.
     */
    public Map<Integer, LocalDate> milestonesReached(List<Integer> milestones) {
        Map<Integer, Long> reached = new TreeMap<>(milestonesReachedWhileFolding);
        long previous = lastFoldedDay;
        int run = runAtLastFoldedDay;
        for (long day : openDays) {
            run = previous != NONE && day == previous + 1 ? run + 1 : 1;
            if (milestones.contains(run)) {
                reached.merge(run, day, Math::min);
            }
            previous = day;
        }
        Map<Integer, LocalDate> dates = new TreeMap<>();
        reached.forEach((milestone, day) -> dates.put(milestone, LocalDate.ofEpochDay(day)));
        return dates;
    }
}
