/**
 * Typed analysis operations the planner chooses and execution computes in Java: never model-written
 * code, only a named operation over the columns of a query's result.
 */
@NullMarked
package dev.analyst.contracts.analysis;

import org.jspecify.annotations.NullMarked;
