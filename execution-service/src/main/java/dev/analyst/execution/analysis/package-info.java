/** Typed analysis operations computed in Java over a query's rows: statistics, models and tests. */
@NullMarked
package dev.analyst.execution.analysis;

import org.jspecify.annotations.NullMarked;
