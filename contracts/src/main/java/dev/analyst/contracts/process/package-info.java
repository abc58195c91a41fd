/** What every service's process does around its Spring application. Plain Java. */
@NullMarked
package dev.analyst.contracts.process;

import org.jspecify.annotations.NullMarked;
