package dev.analyst.analytics.budget;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The limits an administrator sets for one holder, in US dollars; a limit left out is no limit.
 *
 * @param daily the most a UTC day's hosted model calls may cost
 * @param monthly the most a UTC month's hosted model calls may cost
 */
record BudgetLimits(
        @Nullable @DecimalMin("0") @DecimalMax("1000000000") @Digits(integer = 10, fraction = 6)
        BigDecimal daily,

        @Nullable @DecimalMin("0") @DecimalMax("1000000000") @Digits(integer = 10, fraction = 6)
        BigDecimal monthly) {

    static @Nullable Long micros(@Nullable BigDecimal dollars) {
        return dollars == null ? null : dollars.movePointRight(6).longValueExact();
    }

    static @Nullable BigDecimal dollars(@Nullable Long micros) {
        return micros == null ? null : plain(micros);
    }

    /** Dollars as people write them in JSON: 20, 1.5, 0.003; never 2E+1 or 0.000000. */
    static BigDecimal plain(long micros) {
        var dollars = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return dollars.scale() < 0 ? dollars.setScale(0) : dollars;
    }
}
