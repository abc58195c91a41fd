package dev.analyst.execution.query;

import dev.analyst.contracts.step.StepError;

/** The database refused or abandoned a query; the error class and a message fit for the user. */
public final class QueryFailed extends RuntimeException {

    private final StepError error;

    QueryFailed(StepError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public StepError error() {
        return error;
    }
}
