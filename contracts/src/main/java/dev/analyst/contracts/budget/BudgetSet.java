package dev.analyst.contracts.budget;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An administrator set the cost budget of a user or tenant. It replaces whatever configuration says for
 * that holder, both limits at once: a limit left out is no limit. Money is integer micro-dollars, as in
 * the ledger.
 *
 * @param holder {@code user:<user id>} or {@code tenant:<tenant id>}
 * @param dailyMicros the most a UTC day's hosted model calls may cost; null for no limit
 * @param monthlyMicros the most a UTC month's hosted model calls may cost; null for no limit
 */
public record BudgetSet(
        UUID eventId,
        Instant occurredAt,
        String holder,
        @Nullable Long dailyMicros,
        @Nullable Long monthlyMicros) implements BudgetEvent {}
