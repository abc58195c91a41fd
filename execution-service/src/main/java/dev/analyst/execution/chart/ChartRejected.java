package dev.analyst.execution.chart;

import dev.analyst.contracts.step.StepError;
import dev.analyst.execution.analysis.AnalysisFailed;

/**
 * A chart spec that does not fit its result: a column it names is missing, a measure is not a number, the
 * type or aggregation is unknown. It is an {@link AnalysisFailed}, so the step executor already reports it
 * as a failed step in a class the agent can correct.
 */
final class ChartRejected extends AnalysisFailed {

    private ChartRejected(StepError error, String message) {
        super(error, message);
    }

    static ChartRejected unknown(String message) {
        return new ChartRejected(StepError.UNKNOWN_OBJECT, message);
    }

    static ChartRejected mismatch(String message) {
        return new ChartRejected(StepError.TYPE_MISMATCH, message);
    }

    static ChartRejected unsuitable(String message) {
        return new ChartRejected(StepError.UNSUITABLE_DATA, message);
    }
}
