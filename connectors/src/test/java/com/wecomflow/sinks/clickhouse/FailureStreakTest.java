package com.wecomflow.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureStreakTest {

    @Test
    void measuresFromTheFirstFailureOfARunAndEndsAtASuccess() {
        FailureStreak streak = new FailureStreak();
        assertThat(streak.failingForMillis(1_000)).isZero();

        assertThat(streak.failed(10_000)).isEqualTo(1);
        assertThat(streak.failed(10_500)).isEqualTo(2);
        assertThat(streak.failingForMillis(12_000)).isEqualTo(2_000);

        streak.succeeded();
        assertThat(streak.failingForMillis(13_000)).isZero();

        assertThat(streak.failed(20_000)).isEqualTo(1);
        assertThat(streak.failingForMillis(20_250)).isEqualTo(250);
    }
}
