package dev.analyst.analytics.budget;

import dev.analyst.contracts.budget.BudgetSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The budgets administrators set, by holder, as read back from the compacted budgets topic. */
@Component
class BudgetBook {

    private final Map<String, BudgetSet> budgets = new ConcurrentHashMap<>();

    void set(BudgetSet budget) {
        budgets.put(budget.holder(), budget);
    }

    void clear(String holder) {
        budgets.remove(holder);
    }

    List<BudgetSet> all() {
        return budgets.values().stream()
                .sorted(Comparator.comparing(BudgetSet::holder))
                .toList();
    }
}
