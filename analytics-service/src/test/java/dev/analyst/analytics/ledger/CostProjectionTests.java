package dev.analyst.analytics.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CostProjectionTests {

    @Test
    void averagesTheLastSevenDaysAndExtendsThemToTheMonthsEnd() {
        // Feb 2024 has 29 days: on the 20th, 9 remain; 7000 over Feb 14..20 is 1000 a day.
        var projection = CostProjection.of(LocalDate.parse("2024-02-20"), 50_000, 7_000, 0);

        assertThat(projection.trailingFrom()).isEqualTo(LocalDate.parse("2024-02-14"));
        assertThat(projection.trailingDays()).isEqualTo(7);
        assertThat(projection.dailyAverageCostMicros()).isEqualTo(1_000);
        assertThat(projection.daysRemaining()).isEqualTo(9);
        assertThat(projection.projectedMonthCostMicros()).isEqualTo(59_000);
        assertThat(projection.method()).contains("2024-02-14..2024-02-20").contains("9 day(s)");
    }

    @Test
    void usesTheDaysSoFarEarlyInTheMonthAndRoundsHalfToEven() {
        // Two days so far: 5 / 2 = 2.5, rounded to 2; 29 days remain in March.
        var projection = CostProjection.of(LocalDate.parse("2025-03-02"), 5, 5, 0);

        assertThat(projection.trailingFrom()).isEqualTo(LocalDate.parse("2025-03-01"));
        assertThat(projection.trailingDays()).isEqualTo(2);
        assertThat(projection.dailyAverageCostMicros()).isEqualTo(2);
        assertThat(projection.projectedMonthCostMicros()).isEqualTo(5 + 2 * 29);
    }

    @Test
    void projectsNothingMoreOnTheLastDayOfTheMonth() {
        var projection = CostProjection.of(LocalDate.parse("2025-04-30"), 12_345, 700, 0);

        assertThat(projection.daysRemaining()).isZero();
        assertThat(projection.projectedMonthCostMicros()).isEqualTo(12_345);
    }
}
