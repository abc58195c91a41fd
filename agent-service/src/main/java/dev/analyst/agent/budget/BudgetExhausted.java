package dev.analyst.agent.budget;

/**
 * A budget has no room for another model call: the run stops, and the message, which names the budget,
 * what was spent and when it renews, is what the person who asked reads.
 */
public final class BudgetExhausted extends RuntimeException {

    public BudgetExhausted(String message) {
        super(message, null, false, false);
    }
}
