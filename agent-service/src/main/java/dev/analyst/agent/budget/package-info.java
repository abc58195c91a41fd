/**
 * Cost budgets per user and per tenant, by day and by month: checked before every hosted model call,
 * with a cheaper model near a limit and a stop over it.
 */
@NullMarked
package dev.analyst.agent.budget;

import org.jspecify.annotations.NullMarked;
