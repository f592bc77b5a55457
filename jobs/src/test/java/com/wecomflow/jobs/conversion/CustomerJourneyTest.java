package com.wecomflow.jobs.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.conversion.CustomerJourney.Attribution;
import com.wecomflow.jobs.conversion.CustomerJourney.Contribution;
import com.wecomflow.jobs.conversion.CustomerJourney.Facts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CustomerJourneyTest {

    private static final Duration WINDOW = Duration.ofDays(7);
    private static final long T = 1_793_000_000_000L;
    private static final long SECOND = 1000;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final Attribution ATTRIBUTION = new Attribution(T, "douyin", "lisi");

    @Test
    void aStageCountsFromTheAddUpToButExcludingTheEndOfTheWindow() {
        assertThat(joinedAt(T + 7 * DAY - SECOND)).isTrue();
        assertThat(joinedAt(T + 7 * DAY)).isFalse();
        assertThat(joinedAt(T)).isTrue();
        assertThat(joinedAt(T - SECOND)).isFalse();
    }

    @Test
    void laterAddsToAnyEmployeeNeverAttributeAgain() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        assertThat(journey.added(T + DAY, "xhs", "wangwu")).isFalse();

        assertThat(journey.contribution(WINDOW).attribution())
                .isEqualTo(new CustomerJourney.Attribution(T, "douyin", "lisi"));
    }

    @Test
    void onlyDeletingTheAttributedEmployeeIsLost() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.added(T + DAY, "xhs", "wangwu");
        journey.deletedEmployee(T + 2 * DAY, "wangwu");
        assertThat(journey.contribution(WINDOW).lost()).isFalse();

        journey.deletedEmployee(T + 3 * DAY, "lisi");
        assertThat(journey.contribution(WINDOW).lost()).isTrue();
    }

    @Test
    void aHalfAddThenAFullAddAttributesAtTheHalfAdd() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T + 30 * 60 * SECOND, "xhs", "zhaoliu");
        journey.added(T, "store", "zhaoliu");

        assertThat(journey.contribution(WINDOW).attribution().state()).isEqualTo("store");
        assertThat(journey.contribution(WINDOW).attribution().addedAtMillis()).isEqualTo(T);
    }

    @Test
    void aLateEarlierAddMovesTheWindowAndReJudgesEveryStage() {
        CustomerJourney journey = new CustomerJourney();
        journey.sentMessage(T - 3 * DAY);
        journey.joinedGroup(T + 6 * DAY);
        journey.added(T, "xhs", "lisi");
        Contribution first = journey.contribution(WINDOW);
        assertThat(first.engaged()).isFalse();
        assertThat(first.joinedGroup()).isTrue();

        journey.added(T - 4 * DAY, "douyin", "lisi");
        Contribution moved = journey.contribution(WINDOW);
        assertThat(moved.attribution().state()).isEqualTo("douyin");
        assertThat(moved.engaged()).isTrue();
        assertThat(moved.joinedGroup()).isFalse();
    }

    @Test
    void addsInTheSameSecondAreDecidedTheSameWayWhateverTheirOrder() {
        CustomerJourney one = new CustomerJourney();
        one.added(T, "xhs", "wangwu");
        one.added(T, "douyin", "lisi");
        CustomerJourney other = new CustomerJourney();
        other.added(T, "douyin", "lisi");
        other.added(T, "xhs", "wangwu");

        assertThat(one.contribution(WINDOW)).isEqualTo(other.contribution(WINDOW));
    }

    @Test
    void forgettingKeepsTheFactsAndClosesTheJourneyOnceTheWindowIsOver() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.joinedGroup(T + DAY);
        journey.sentMessage(T + 8 * DAY);
        journey.sentMessage(T - 10 * DAY);
        Facts before = journey.facts();

        assertThat(journey.forgetBefore(T - DAY, WINDOW)).isFalse();
        assertThat(journey.keptTimes()).isEqualTo(2);
        assertThat(journey.facts()).isEqualTo(before);
        assertThat(journey.isClosed()).isFalse();

        journey.forgetBefore(T + 7 * DAY, WINDOW);
        assertThat(journey.isClosed()).isTrue();
        assertThat(journey.facts()).isEqualTo(before);
        assertThat(journey.contribution(WINDOW)).isEqualTo(new Contribution(ATTRIBUTION, true, false, false, false));
    }

    @Test
    void aCustomerNeverAddedIsForgottenEntirely() {
        CustomerJourney journey = new CustomerJourney();
        journey.sentMessage(T);
        journey.joinedGroup(T + DAY);

        assertThat(journey.forgetBefore(T + DAY, WINDOW)).isFalse();
        assertThat(journey.forgetBefore(T + 2 * DAY, WINDOW)).isTrue();
        assertThat(journey.contribution(WINDOW)).isNull();
    }

    @Test
    void factsAreTheFirstStepOfEachKindAtOrAfterTheAddCountingStepsExactlyAtIt() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.joinedGroup(T - SECOND);
        journey.joinedGroup(T + 2 * DAY);
        journey.joinedGroup(T);
        journey.sentMessage(T + 3 * DAY);
        journey.sentMessage(T + DAY);
        journey.checkedIn(T - DAY);
        journey.checkedIn(T + 5 * DAY);
        journey.deletedEmployee(T, "lisi");
        journey.removedByEmployee(T + 9 * DAY, "lisi");
        journey.removedByEmployee(T - HOUR, "lisi");

        assertThat(journey.facts()).isEqualTo(new Facts(ATTRIBUTION, T, T + DAY, T + 5 * DAY, T, T + 9 * DAY));
        assertThat(journey.contribution(WINDOW)).isEqualTo(new Contribution(ATTRIBUTION, true, true, true, true));
    }

    @Test
    void stepsOnlyBeforeTheAddLeaveTheFactsEmpty() {
        CustomerJourney journey = new CustomerJourney();
        journey.joinedGroup(T - DAY);
        journey.sentMessage(T - 1);
        journey.checkedIn(T - SECOND);
        journey.deletedEmployee(T - HOUR, "lisi");
        assertThat(journey.facts()).isNull();

        journey.added(T, "douyin", "lisi");

        assertThat(journey.facts()).isEqualTo(new Facts(ATTRIBUTION, null, null, null, null, null));
    }

    @Test
    void lossAndRemovalByAnotherEmployeeAreNotTheCustomers() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.added(T + DAY, "xhs", "wangwu");
        journey.deletedEmployee(T + 2 * DAY, "wangwu");
        journey.removedByEmployee(T + 3 * DAY, "wangwu");
        assertThat(journey.facts()).isEqualTo(new Facts(ATTRIBUTION, null, null, null, null, null));

        journey.deletedEmployee(T + 4 * DAY, "lisi");
        journey.removedByEmployee(T + 5 * DAY, "lisi");
        assertThat(journey.facts()).isEqualTo(new Facts(ATTRIBUTION, null, null, null, T + 4 * DAY, T + 5 * DAY));
    }

    @Test
    void aLateEarlierAddMovesAddedAtAndRecomputesEveryFirst() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "xhs", "wangwu");
        journey.joinedGroup(T - 2 * DAY);
        journey.joinedGroup(T + DAY);
        journey.sentMessage(T - 3 * DAY + SECOND);
        journey.sentMessage(T + DAY);
        journey.checkedIn(T - DAY);
        journey.checkedIn(T + 2 * DAY);
        journey.deletedEmployee(T - 12 * HOUR, "lisi");
        journey.deletedEmployee(T + 3 * DAY, "wangwu");
        journey.removedByEmployee(T - HOUR, "lisi");
        journey.removedByEmployee(T + 4 * DAY, "wangwu");
        assertThat(journey.facts()).isEqualTo(new Facts(new Attribution(T, "xhs", "wangwu"),
                T + DAY, T + DAY, T + 2 * DAY, T + 3 * DAY, T + 4 * DAY));
        // Nothing kept so far can be forgotten: an add as early as the cutoff may still come.
        journey.forgetBefore(T - 5 * DAY, WINDOW);

        journey.added(T - 4 * DAY, "douyin", "lisi");

        assertThat(journey.facts()).isEqualTo(new Facts(new Attribution(T - 4 * DAY, "douyin", "lisi"),
                T - 2 * DAY, T - 3 * DAY + SECOND, T - DAY, T - 12 * HOUR, T - HOUR));
    }

    @Test
    void anyOrderOfTheSameStepsWithDuplicatesGivesTheSameFacts() {
        List<Consumer<CustomerJourney>> steps = List.of(
                journey -> journey.added(T, "xhs", "wangwu"),
                journey -> journey.added(T - 2 * DAY, "douyin", "lisi"),
                journey -> journey.added(T - 2 * DAY, "store", "zhaoliu"),
                journey -> journey.joinedGroup(T - 3 * DAY),
                journey -> journey.joinedGroup(T + DAY),
                journey -> journey.sentMessage(T - 2 * DAY),
                journey -> journey.sentMessage(T + 40 * DAY),
                journey -> journey.checkedIn(T + 8 * DAY),
                journey -> journey.deletedEmployee(T - DAY, "wangwu"),
                journey -> journey.deletedEmployee(T + 6 * DAY, "lisi"),
                journey -> journey.removedByEmployee(T + 20 * DAY, "lisi"),
                journey -> journey.removedByEmployee(T + 10 * DAY, "zhaoliu"));
        Facts expected = new Facts(new Attribution(T - 2 * DAY, "douyin", "lisi"),
                T + DAY, T - 2 * DAY, T + 8 * DAY, T + 6 * DAY, T + 20 * DAY);
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            List<Consumer<CustomerJourney>> shuffled = new ArrayList<>(steps);
            shuffled.addAll(steps.subList(0, round % steps.size()));
            Collections.shuffle(shuffled, random);
            CustomerJourney journey = new CustomerJourney();
            for (Consumer<CustomerJourney> step : shuffled) {
                step.accept(journey);
                // Forgetting along the way, with a cutoff no add of these precedes, changes nothing.
                journey.forgetBefore(T - 2 * DAY - HOUR, WINDOW);
            }
            assertThat(journey.facts()).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void withAnAddKnownOnlyTimesBetweenTheCutoffAndEachFirstAreKept() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        for (int i = 0; i < 50; i++) {
            journey.sentMessage(T + i * HOUR);
            journey.joinedGroup(T + DAY + i * HOUR);
        }
        assertThat(journey.keptTimes()).isEqualTo(2);

        journey.sentMessage(T - 3 * HOUR);
        journey.sentMessage(T - 2 * HOUR);
        journey.sentMessage(T - HOUR);
        journey.deletedEmployee(T + DAY, "wangwu");
        journey.deletedEmployee(T + 2 * DAY, "wangwu");
        journey.deletedEmployee(T + 3 * DAY, "zhaoliu");
        assertThat(journey.keptTimes()).isEqualTo(2 + 3 + 2);

        journey.forgetBefore(T - 90 * 60 * SECOND, WINDOW);
        assertThat(journey.keptTimes()).isEqualTo(2 + 1 + 2);

        // The cutoff passed the add: no other employee can be attributed any more.
        journey.forgetBefore(T, WINDOW);
        assertThat(journey.keptTimes()).isEqualTo(2);
        assertThat(journey.facts()).isEqualTo(new Facts(ATTRIBUTION, T + DAY, T, null, null, null));
    }

    @Test
    void withoutAnAddOnlyTimesFromTheCutoffOnAreKept() {
        CustomerJourney journey = new CustomerJourney();
        for (int i = 0; i < 10; i++) {
            journey.sentMessage(T + i * DAY);
        }
        journey.forgetBefore(T + 4 * DAY, WINDOW);
        assertThat(journey.keptTimes()).isEqualTo(6);

        journey.added(T + 5 * DAY + HOUR, "douyin", "lisi");
        assertThat(journey.facts().firstMsgAt()).isEqualTo(T + 6 * DAY);
        assertThat(journey.keptTimes()).isEqualTo(3);
    }

    @Test
    void afterTheWindowClosedLaterStepsStillChangeTheFactsButNotTheContribution() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.joinedGroup(T + DAY);
        journey.forgetBefore(T + 7 * DAY, WINDOW);
        Contribution closed = journey.contribution(WINDOW);
        assertThat(closed).isEqualTo(new Contribution(ATTRIBUTION, true, false, false, false));

        journey.sentMessage(T + 40 * DAY);
        journey.sentMessage(T + 45 * DAY);
        journey.deletedEmployee(T + 41 * DAY, "wangwu");
        journey.removedByEmployee(T + 50 * DAY, "lisi");
        // Inside the closed window: past the lateness horizon, so it changes nothing.
        journey.checkedIn(T + 6 * DAY);

        assertThat(journey.facts()).isEqualTo(new Facts(ATTRIBUTION, T + DAY, T + 40 * DAY, null, null, T + 50 * DAY));
        assertThat(journey.contribution(WINDOW)).isEqualTo(closed);
        assertThat(journey.keptTimes()).isEqualTo(3);
    }

    @Test
    void aLossExactlyAtTheEndOfTheWindowIsInTheFactsButNotLost() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.deletedEmployee(T + 7 * DAY, "lisi");

        assertThat(journey.facts().lostAt()).isEqualTo(T + 7 * DAY);
        assertThat(journey.contribution(WINDOW).lost()).isFalse();
    }

    private static boolean joinedAt(long at) {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.joinedGroup(at);
        return journey.contribution(WINDOW).joinedGroup();
    }
}
