/** The agent: turns questions into runs and runs into answers. */
@NullMarked
package dev.analyst.agent;

import org.jspecify.annotations.NullMarked;
