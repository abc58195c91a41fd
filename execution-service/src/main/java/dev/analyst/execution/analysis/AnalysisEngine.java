package dev.analyst.execution.analysis;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.Analysis;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.step.StepError;
import org.springframework.stereotype.Component;

/** Computes a typed analysis over the rows a step's SQL selected. */
@Component
public class AnalysisEngine {

    /**
     * What the analysis finds in {@code rows}.
     *
     * @throws AnalysisFailed when a column is missing or of the wrong type, or the rows do not suit it
     */
    public AnalysisResult run(Analysis analysis, ResultTable rows) {
        throw new AnalysisFailed(StepError.INTERNAL, "Analysis operations are not available yet.");
    }
}
