/**
 * How every service treats a failure while handling a delivered event: retry it, wait for a dependency,
 * or dead-letter it. Plain Java, like the rest of contracts.
 */
@NullMarked
package dev.analyst.contracts.delivery;

import org.jspecify.annotations.NullMarked;
