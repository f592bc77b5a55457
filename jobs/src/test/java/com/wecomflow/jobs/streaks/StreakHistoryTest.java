package com.wecomflow.jobs.streaks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreakHistoryTest {

    private static final LocalDate D = LocalDate.of(2026, 10, 1);
    private static final List<Integer> MILESTONES = List.of(3, 7, 21, 30);

    @Test
    void aGapEndsTheCurrentStreakButNotTheLongest() {
        StreakHistory history = history(0, 1, 2, 3, 5, 6);

        StreakHistory.Summary summary = history.summary();
        assertThat(summary.currentStreak()).isEqualTo(2);
        assertThat(summary.longestStreak()).isEqualTo(4);
        assertThat(summary.totalDays()).isEqualTo(6);
        assertThat(summary.firstCheckinDate()).isEqualTo(D);
        assertThat(summary.lastCheckinDate()).isEqualTo(D.plusDays(6));
    }

    @Test
    void severalCheckinsOnOneDayCountOnce() {
        StreakHistory history = history(0, 1);

        assertThat(history.add(D.plusDays(1))).isFalse();
        assertThat(history.summary().totalDays()).isEqualTo(2);
        assertThat(history.summary().currentStreak()).isEqualTo(2);
    }

    @Test
    void aRunContinuesAcrossTheEndOfAMonth() {
        StreakHistory history = new StreakHistory();
        history.add(LocalDate.of(2026, 10, 30));
        history.add(LocalDate.of(2026, 11, 1));
        history.add(LocalDate.of(2026, 10, 31));

        assertThat(history.summary().currentStreak()).isEqualTo(3);
        assertThat(history.milestonesReached(MILESTONES)).containsExactly(Map.entry(3, LocalDate.of(2026, 11, 1)));
    }

    @Test
    void aLateDayFillingAGapJoinsTwoRunsAndDatesTheMilestoneWhenTheRunReachedIt() {
        StreakHistory history = history(0, 1, 2, 4, 5, 6, 7);
        assertThat(history.milestonesReached(MILESTONES)).containsOnlyKeys(3);
        assertThat(history.milestonesReached(MILESTONES).get(3)).isEqualTo(D.plusDays(2));

        history.add(D.plusDays(3));

        assertThat(history.summary().currentStreak()).isEqualTo(8);
        assertThat(history.milestonesReached(MILESTONES)).containsEntry(7, D.plusDays(6)).containsEntry(3, D.plusDays(2));
    }

    @Test
    void foldingTheClosedPastChangesNothingItReports() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<Integer> offsets = new ArrayList<>();
            for (int day = 0; day < 90; day++) {
                if (random.nextInt(10) < 8) {
                    offsets.add(day);
                }
            }
            if (offsets.isEmpty()) {
                continue;
            }
            StreakHistory exact = new StreakHistory();
            offsets.forEach(offset -> exact.add(D.plusDays(offset)));

            StreakHistory folded = new StreakHistory();
            int foldEvery = 1 + random.nextInt(20);
            for (int i = 0; i < offsets.size(); i++) {
                folded.add(D.plusDays(offsets.get(i)));
                if (i % foldEvery == 0) {
                    folded.foldThrough(D.plusDays(offsets.get(i)), MILESTONES);
                }
            }
            assertThat(folded.summary()).isEqualTo(exact.summary());
            assertThat(folded.milestonesReached(MILESTONES)).isEqualTo(exact.milestonesReached(MILESTONES));
            assertThat(folded.openDays().size()).isLessThanOrEqualTo(exact.openDays().size());
        }
    }

    @Test
    void stateStaysBoundedForAMemberWhoChecksInForYears() {
        StreakHistory history = new StreakHistory();
        for (int day = 0; day < 3 * 365; day++) {
            history.add(D.plusDays(day));
            history.foldThrough(D.plusDays(day - 36), MILESTONES);
        }

        assertThat(history.openDays()).hasSize(36);
        assertThat(history.summary().currentStreak()).isEqualTo(3 * 365);
        assertThat(history.milestonesReached(MILESTONES)).containsEntry(30, D.plusDays(29));
    }

    @Test
    void theOrderOfDaysDoesNotMatter() {
        List<Integer> offsets = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 20, 21));
        StreakHistory inOrder = history(offsets.stream().mapToInt(Integer::intValue).toArray());
        Collections.shuffle(offsets, new Random(5));
        StreakHistory shuffled = history(offsets.stream().mapToInt(Integer::intValue).toArray());

        assertThat(shuffled.summary()).isEqualTo(inOrder.summary());
        assertThat(shuffled.milestonesReached(MILESTONES)).isEqualTo(inOrder.milestonesReached(MILESTONES));
        assertThat(inOrder.milestonesReached(MILESTONES)).containsEntry(7, D.plusDays(6));
    }

    @Test
    void theFoldedPastIsClosed() {
        StreakHistory history = history(0, 1, 5);
        history.foldThrough(D.plusDays(2), MILESTONES);

        assertThatThrownBy(() -> history.add(D.plusDays(2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(history.add(D.plusDays(3))).isTrue();
        assertThat(history.summary().longestStreak()).isEqualTo(2);
    }

    private static StreakHistory history(int... offsets) {
        StreakHistory history = new StreakHistory();
        for (int offset : offsets) {
            history.add(D.plusDays(offset));
        }
        return history;
    }
}
