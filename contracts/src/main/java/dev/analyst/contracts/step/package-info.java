/** Steps the agent asks execution to run, and their outcomes. */
@NullMarked
package dev.analyst.contracts.step;

import org.jspecify.annotations.NullMarked;
