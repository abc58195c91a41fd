/** Steps from the agent: validate, run (or serve from cache), and publish how each ended. */
@NullMarked
package dev.analyst.execution.step;

import org.jspecify.annotations.NullMarked;
