/**
 * Dashboards execution generates for every dataset from its profile, and the commands that change
 * them: regenerate one, pin an answer's chart to it.
 */
@NullMarked
package dev.analyst.contracts.dashboard;

import org.jspecify.annotations.NullMarked;
