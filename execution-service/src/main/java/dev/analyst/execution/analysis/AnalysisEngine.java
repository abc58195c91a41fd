package dev.analyst.execution.analysis;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.Analysis;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.Anova;
import dev.analyst.contracts.analysis.ChiSquareTest;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.KMeansClustering;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.analysis.LogisticRegression;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.TTest;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.step.StepError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.exception.util.ExceptionContextProvider;
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
        var frame = new Frame(rows);
        AnalysisResult result;
        try {
            result = switch (analysis) {
                case Describe describe -> DescribeOperation.run(describe, frame);
                case CorrelationMatrix correlation -> CorrelationMatrixOperation.run(correlation, frame);
                case LinearRegression regression -> LinearRegressionOperation.run(regression, frame);
                case LogisticRegression regression -> LogisticRegressionOperation.run(regression, frame);
                case KMeansClustering clustering -> KMeansClusteringOperation.run(clustering, frame);
                case OutlierDetection outliers -> OutlierDetectionOperation.run(outliers, frame);
                case TrendForecast forecast -> TrendForecastOperation.run(forecast, frame);
                case TTest test -> TTestOperation.run(test, frame);
                case ChiSquareTest test -> ChiSquareTestOperation.run(test, frame);
                case Anova anova -> AnovaOperation.run(anova, frame);
            };
        } catch (RuntimeException e) {
            // The operations check what they can foresee; a numerical failure of commons-math beyond
            // that (a matrix that turned out singular, a series that did not converge) is still about the
            // rows, not the service.
            if (e instanceof ExceptionContextProvider) {
                throw new AnalysisFailed(
                        StepError.UNSUITABLE_DATA, "The rows do not suit this analysis: " + e.getLocalizedMessage());
            }
            throw e;
        }
        return new AnalysisResult(
                result.title(), result.table(), finite(result.statistics()), result.findings(), result.chart());
    }

    /** JSON has no NaN or infinity: a statistic that is undefined for these rows is left out. */
    private static Map<String, Double> finite(Map<String, Double> statistics) {
        var finite = new LinkedHashMap<String, Double>();
        statistics.forEach((name, value) -> {
            if (Double.isFinite(value)) {
                finite.put(name, value);
            }
        });
        return finite;
    }
}
