/** Starts the whole suite on one machine: embedded infrastructure, five service processes, sample data. */
@NullMarked
package dev.analyst.launcher;

import org.jspecify.annotations.NullMarked;
