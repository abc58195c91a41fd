/** Metered model calls: the events on {@code analyst.usage.v1}. */
@NullMarked
package dev.analyst.contracts.usage;

import org.jspecify.annotations.NullMarked;
