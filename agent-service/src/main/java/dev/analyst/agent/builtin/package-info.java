/**
 * The built-in model: offline, deterministic and the default. Its adapters answer every stage of a
 * run without a hosted model, and end every chain of hosted ones.
 */
@NullMarked
package dev.analyst.agent.builtin;

import org.jspecify.annotations.NullMarked;
