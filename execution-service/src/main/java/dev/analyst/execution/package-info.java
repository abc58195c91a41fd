/** The execution service: runs the agent's steps safely and publishes their results. */
@NullMarked
package dev.analyst.execution;

import org.jspecify.annotations.NullMarked;
