package dev.analyst.execution.analysis;

import dev.analyst.contracts.step.StepError;

/** An analysis that cannot run on the rows it was given, in an error class the agent can act on. */
public class AnalysisFailed extends RuntimeException {

    private final StepError error;

    public AnalysisFailed(StepError error, String message) {
        super(message);
        this.error = error;
    }

    public StepError error() {
        return error;
    }
}
