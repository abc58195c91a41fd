/**
 * Cost budgets administrators set for users and tenants through the admin API, published for the agent
 * to enforce, and reported with what each holder spent according to the ledger.
 */
@NullMarked
package dev.analyst.analytics.budget;

import org.jspecify.annotations.NullMarked;
