package dev.analyst.agent.budget;

import dev.analyst.contracts.usage.ModelCalled;

/**
 * What hosted model calls may spend, asked before every call (every retry too) and told after it. A
 * call is admitted while its budgets have room, with its estimated cost held against them until it
 * reports what it really cost, so calls in flight at once cannot together overrun a budget unseen.
 */
public interface Spending {

    /** Every call admitted and nothing counted: for models used outside any run's budget (tests of models). */
    Spending UNLIMITED = (tenantId, userId, provider, model, promptCharacters) -> Hold.NONE;

    /**
     * Admits one call of a model for a tenant's user, holding its estimated cost.
     *
     * @param promptCharacters the length of everything the call sends, for its estimated input tokens
     * @throws BudgetExhausted when one of the user's or tenant's budgets has no room left
     */
    Hold admit(String tenantId, String userId, String provider, String model, long promptCharacters);

    /** The estimate held for one admitted call, released when the call reports what it cost. */
    interface Hold {

        Hold NONE = call -> {};

        /**
         * Counts what the call really used against its budgets, in place of the estimate, and records its
         * usage for the ledger, once per call, as soon as the call reports: a process killed later in the
         * run's handling loses neither, and budget and ledger count the same calls.
         */
        void settle(ModelCalled call);
    }
}
