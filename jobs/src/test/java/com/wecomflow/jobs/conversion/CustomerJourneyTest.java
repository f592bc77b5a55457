package com.wecomflow.jobs.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.jobs.conversion.CustomerJourney.Contribution;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CustomerJourneyTest {

    private static final Duration WINDOW = Duration.ofDays(7);
    private static final long T = 1_793_000_000_000L;
    private static final long SECOND = 1000;
    private static final long DAY = 86_400_000L;

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
    void forgettingKeepsTheContributionAndClosesTheJourneyOnceTheWindowIsOver() {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.joinedGroup(T + DAY);
        journey.sentMessage(T + 8 * DAY);
        journey.sentMessage(T - 10 * DAY);
        Contribution before = journey.contribution(WINDOW);

        assertThat(journey.forgetBefore(T - DAY, WINDOW)).isFalse();
        assertThat(journey.keptTimes()).isEqualTo(1);
        assertThat(journey.contribution(WINDOW)).isEqualTo(before);

        journey.forgetBefore(T + 7 * DAY, WINDOW);
        assertThat(journey.isClosed()).isTrue();
        assertThat(journey.keptTimes()).isZero();
        assertThat(journey.contribution(WINDOW)).isEqualTo(before);
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

    private static boolean joinedAt(long at) {
        CustomerJourney journey = new CustomerJourney();
        journey.added(T, "douyin", "lisi");
        journey.joinedGroup(at);
        return journey.contribution(WINDOW).joinedGroup();
    }
}
