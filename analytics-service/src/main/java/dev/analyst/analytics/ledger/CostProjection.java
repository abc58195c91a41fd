package dev.analyst.analytics.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The month's cost so far and where it is heading: month-to-date plus the average daily cost of the
 * trailing window (the last 7 days of the month up to {@code asOf}, or the days so far when fewer) times
 * the days left. Micro-dollars throughout; the average is rounded half-even to a micro-dollar.
 */
record CostProjection(
        LocalDate asOf,
        YearMonth month,
        long monthToDateCostMicros,
        LocalDate trailingFrom,
        int trailingDays,
        long trailingCostMicros,
        long dailyAverageCostMicros,
        int daysRemaining,
        long projectedMonthCostMicros,
        long unpricedCalls,
        String method) {

    /** The longest trailing window the average is taken over. */
    static final int TRAILING_DAYS = 7;

    /** The days of {@code asOf}'s month the trailing average is taken over, {@code asOf} included. */
    static LocalDate trailingFrom(LocalDate asOf) {
        return asOf.minusDays(Math.min(TRAILING_DAYS, asOf.getDayOfMonth()) - 1L);
    }

    static CostProjection of(LocalDate asOf, long monthToDateCostMicros, long trailingCostMicros, long unpricedCalls) {
        var from = trailingFrom(asOf);
        int trailingDays = asOf.getDayOfMonth() - from.getDayOfMonth() + 1;
        long dailyAverage = BigDecimal.valueOf(trailingCostMicros)
                .divide(BigDecimal.valueOf(trailingDays), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
        int daysRemaining = asOf.lengthOfMonth() - asOf.getDayOfMonth();
        return new CostProjection(
                asOf,
                YearMonth.from(asOf),
                monthToDateCostMicros,
                from,
                trailingDays,
                trailingCostMicros,
                dailyAverage,
                daysRemaining,
                monthToDateCostMicros + dailyAverage * daysRemaining,
                unpricedCalls,
                "linear: monthToDate + dailyAverage x daysRemaining, where dailyAverage is the cost of the "
                        + trailingDays + " day(s) " + from + ".." + asOf + " divided by " + trailingDays
                        + " and daysRemaining the " + daysRemaining + " day(s) of " + YearMonth.from(asOf)
                        + " after " + asOf + "; days are UTC");
    }

    @JsonProperty
    public BigDecimal monthToDateCostUsd() {
        return Dollars.fromMicros(monthToDateCostMicros);
    }

    @JsonProperty
    public BigDecimal dailyAverageCostUsd() {
        return Dollars.fromMicros(dailyAverageCostMicros);
    }

    @JsonProperty
    public BigDecimal projectedMonthCostUsd() {
        return Dollars.fromMicros(projectedMonthCostMicros);
    }
}
