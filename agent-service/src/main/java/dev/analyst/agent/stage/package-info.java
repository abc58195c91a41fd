/**
 * The stages of a run as typed ports (validate, decide, plan, analyse an error, summarise, design the
 * chart, suggest follow-ups), what they exchange, and the runner that tries a role's hosted models in
 * order and ends with the built-in model.
 */
@NullMarked
package dev.analyst.agent.stage;

import org.jspecify.annotations.NullMarked;
