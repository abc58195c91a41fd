/** Cost budgets administrators set for users and tenants: the events on {@code analyst.budgets.v1}. */
@NullMarked
package dev.analyst.contracts.budget;

import org.jspecify.annotations.NullMarked;
