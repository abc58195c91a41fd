/** What happens during a run, in the order a client shows it: the events on {@code analyst.run-events.v1}. */
@NullMarked
package dev.analyst.contracts.run;

import org.jspecify.annotations.NullMarked;
