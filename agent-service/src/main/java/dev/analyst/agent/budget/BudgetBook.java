package dev.analyst.agent.budget;

import dev.analyst.agent.budget.BudgetProperties.Limits;
import dev.analyst.contracts.budget.BudgetSet;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The budgets administrators set at runtime, by holder, read from the compacted budgets topic. A
 * holder found here has exactly these limits; one not found keeps those of configuration.
 */
@Component
class BudgetBook {

    private final Map<String, Limits> limits = new ConcurrentHashMap<>();

    void set(BudgetSet budget) {
        limits.put(budget.holder(), new Limits(dollars(budget.dailyMicros()), dollars(budget.monthlyMicros())));
    }

    /** A tombstone: the holder's budget is configuration's again. */
    void clear(String holder) {
        limits.remove(holder);
    }

    Optional<Limits> of(String holder) {
        return Optional.ofNullable(limits.get(holder));
    }

    private static @Nullable BigDecimal dollars(@Nullable Long micros) {
        return micros == null ? null : BigDecimal.valueOf(micros, 6);
    }
}
