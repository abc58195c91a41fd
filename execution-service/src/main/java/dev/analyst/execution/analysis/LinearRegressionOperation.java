package dev.analyst.execution.analysis;

import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/** Ordinary least squares with an intercept, by QR decomposition (accurate on NIST's Longley data). */
final class LinearRegressionOperation {

    private LinearRegressionOperation() {}

    static AnalysisResult run(LinearRegression spec, Frame frame) {
        Selection rows = frame.complete(spec.columns());
        Design design = Design.of(rows, spec.target(), spec.predictors());
        double[] y = rows.numbers(spec.target());
        if (Design.constant(y)) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s has the same value in every row, so there is no variation to explain."
                            .formatted(spec.target()));
        }
        int n = design.n();
        int p = design.p();

        // The design carries its own (scaled) intercept column.
        var ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);
        ols.newSampleData(y, design.x());
        double[] scaled = ols.estimateRegressionParameters();
        double[] scaledErrors = ols.estimateRegressionParametersStandardErrors();
        double residualSquares = ols.calculateResidualSumOfSquares();

        double mean = 0;
        for (double value : y) {
            mean += value / n;
        }
        double totalSquares = 0;
        for (double value : y) {
            totalSquares += (value - mean) * (value - mean);
        }
        int dfModel = p - 1;
        int dfResidual = n - p;
        double rSquared = 1 - residualSquares / totalSquares;
        double adjusted = 1 - (1 - rSquared) * (n - 1) / dfResidual;
        double f = (rSquared / dfModel) / ((1 - rSquared) / dfResidual);
        double fP = 1 - new FDistribution(dfModel, dfResidual).cumulativeProbability(f);

        var t = new TDistribution(dfResidual);
        double[] estimates = new double[p];
        double[] errors = new double[p];
        double[] pValues = new double[p];
        for (int j = 0; j < p; j++) {
            estimates[j] = scaled[j] / design.scales()[j];
            errors[j] = scaledErrors[j] / design.scales()[j];
            pValues[j] = 2 * t.cumulativeProbability(-Math.abs(estimates[j] / errors[j]));
        }
        var coefficients = new Coefficients(design.terms(), estimates, errors, pValues, "t_value");

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) n);
        statistics.put("r_squared", rSquared);
        statistics.put("adj_r_squared", adjusted);
        statistics.put("f_statistic", f);
        statistics.put("f_p_value", fP);
        statistics.put("df_model", (double) dfModel);
        statistics.put("df_residual", (double) dfResidual);
        statistics.put("residual_std_error", Math.sqrt(residualSquares / dfResidual));

        var findings = new ArrayList<String>();
        findings.add("%s %s %s of the variation in %s (R² = %s, n = %s); the model is %s (F = %s, %s)."
                .formatted(
                        Phrases.names(spec.predictors()),
                        spec.predictors().size() == 1 ? "explains" : "explain",
                        Phrases.percent(rSquared),
                        spec.target(),
                        Phrases.number(rSquared),
                        Phrases.count(n),
                        Phrases.significance(fP),
                        Phrases.number(f),
                        Phrases.p(fP)));
        int strongest = coefficients.strongest();
        findings.add("Each additional unit of %s goes with %s %s in %s%s (%s), %s."
                .formatted(
                        design.terms().get(strongest),
                        Phrases.number(Math.abs(estimates[strongest])),
                        estimates[strongest] >= 0 ? "more" : "less",
                        spec.target(),
                        p > 2 ? ", the other predictors held fixed" : "",
                        Phrases.p(pValues[strongest]),
                        Phrases.significance(pValues[strongest])));
        findings.addAll(rows.notes());

        String title = "Linear regression of " + spec.target();
        return new AnalysisResult(
                title, coefficients.table(null, null), statistics, findings, Coefficients.chart(title));
    }
}
