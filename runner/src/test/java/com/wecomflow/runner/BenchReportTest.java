package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void quantilesAreTheNearestRankOfTheSortedLatencies() {
        long[] millis = new long[100];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = i + 1;
        }
        assertThat(BenchReport.quantile(millis, 0.50)).isEqualTo(50);
        assertThat(BenchReport.quantile(millis, 0.99)).isEqualTo(99);
        assertThat(BenchReport.quantile(new long[] {7, 40}, 0.99)).isEqualTo(40);
        assertThat(BenchReport.quantile(new long[] {7, 40}, 0.50)).isEqualTo(7);
        assertThat(BenchReport.quantiles(new long[0])).isEqualTo("no rows");
    }
}
