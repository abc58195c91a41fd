/** The stages of a run as typed ports, with the built-in model's adapters. */
@NullMarked
package dev.analyst.agent.plan;

import org.jspecify.annotations.NullMarked;
