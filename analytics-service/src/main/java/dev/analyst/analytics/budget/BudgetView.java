package dev.analyst.analytics.budget;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A holder's budget as an administrator set it, with what the ledger says the holder spent; US dollars,
 * UTC days and months.
 *
 * @param holder {@code user:<id>} or {@code tenant:<id>}
 * @param daily the daily limit; null for none
 * @param monthly the monthly limit; null for none
 * @param spentToday what today's model calls cost so far
 * @param spentThisMonth what this month's model calls cost so far
 * @param setAt when the budget was set
 */
record BudgetView(
        String holder,
        @Nullable BigDecimal daily,
        @Nullable BigDecimal monthly,
        BigDecimal spentToday,
        BigDecimal spentThisMonth,
        Instant setAt) {}
