/**
 * The hosted models' adapters for every stage of a run: compact prompts, answers read as records,
 * and each answer checked against the data before a stage accepts it.
 */
@NullMarked
package dev.analyst.agent.hosted;

import org.jspecify.annotations.NullMarked;
