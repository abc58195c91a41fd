/** A run's state machine: question, step, result, answer. */
@NullMarked
package dev.analyst.agent.run;

import org.jspecify.annotations.NullMarked;
