package dev.analyst.agent.stage;

import dev.analyst.contracts.step.StepError;
import org.jspecify.annotations.Nullable;

/**
 * An attempt at a plan's query that did not give an answer, for the error analyst to read.
 *
 * @param error why the step failed, or null when it ran and matched no rows
 * @param message the database's or the validator's words
 */
public record FailedAttempt(
        int attempt, String sql, @Nullable StepError error, String message) {

    /** Whether the query ran and matched nothing, which may be the true answer. */
    public boolean empty() {
        return error == null;
    }
}
