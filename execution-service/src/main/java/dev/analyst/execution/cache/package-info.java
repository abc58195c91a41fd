/** Caching step results in Redis, keyed by tenant, dataset version, query and row cap. */
@NullMarked
package dev.analyst.execution.cache;

import org.jspecify.annotations.NullMarked;
