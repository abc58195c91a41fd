package dev.analyst.execution.analysis;

import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.LogisticRegression;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.jspecify.annotations.Nullable;

/**
 * Logistic regression by Newton-Raphson (iteratively reweighted least squares) on the scaled design:
 * each step solves the Fisher information against the score; the inverse information at the optimum
 * gives the standard errors.
 */
final class LogisticRegressionOperation {

    private static final int MAX_ITERATIONS = 100;

    /** Newton converges quadratically: once steps are this small the next ones change nothing visible. */
    private static final double STEP_TOLERANCE = 1e-10;

    /** A linear predictor beyond this gives a probability within 1e-13 of 0 or 1: a separated row. */
    private static final double CERTAIN = 30;

    private LogisticRegressionOperation() {}

    static AnalysisResult run(LogisticRegression spec, Frame frame) {
        Selection rows = frame.complete(spec.columns());
        Levels target = rows.levels(spec.target());
        int positive = positive(spec, target);
        Design design = Design.of(rows, spec.target(), spec.predictors());
        int n = design.n();
        int p = design.p();
        double[] y = new double[n];
        double events = 0;
        for (int i = 0; i < n; i++) {
            y[i] = target.codes()[i] == positive ? 1 : 0;
            events += y[i];
        }

        Fit fit = fit(design, y, spec);
        double mean = events / n;
        double nullLogLikelihood = events * Math.log(mean) + (n - events) * Math.log(1 - mean);
        double pseudoRSquared = 1 - fit.logLikelihood / nullLogLikelihood;
        double lr = 2 * (fit.logLikelihood - nullLogLikelihood);
        double lrP = 1 - new ChiSquaredDistribution(p - 1).cumulativeProbability(lr);

        var normal = new NormalDistribution();
        double[] estimates = new double[p];
        double[] errors = new double[p];
        double[] pValues = new double[p];
        double[] odds = new double[p];
        for (int j = 0; j < p; j++) {
            estimates[j] = fit.beta[j] / design.scales()[j];
            errors[j] = Math.sqrt(fit.covariance.getEntry(j, j)) / design.scales()[j];
            pValues[j] = 2 * normal.cumulativeProbability(-Math.abs(estimates[j] / errors[j]));
            odds[j] = Math.exp(estimates[j]);
        }
        var coefficients = new Coefficients(design.terms(), estimates, errors, pValues, "z_value");

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) n);
        statistics.put("log_likelihood", fit.logLikelihood);
        statistics.put("null_log_likelihood", nullLogLikelihood);
        statistics.put("pseudo_r_squared", pseudoRSquared);
        statistics.put("lr_statistic", lr);
        statistics.put("lr_p_value", lrP);
        statistics.put("iterations", (double) fit.iterations);
        statistics.put("positive_share", mean);

        String outcome = "%s = %s".formatted(spec.target(), target.names().get(positive));
        var findings = new ArrayList<String>();
        findings.add("The model predicts %s (%s of %s rows) with McFadden pseudo-R² = %s; as a whole it is %s"
                        .formatted(
                                outcome,
                                Phrases.percent(mean),
                                Phrases.count(n),
                                Phrases.number(pseudoRSquared),
                                Phrases.significance(lrP))
                + " (likelihood ratio χ² = %s, %s).".formatted(Phrases.number(lr), Phrases.p(lrP)));
        int strongest = coefficients.strongest();
        findings.add("Each additional unit of %s multiplies the odds of %s by %s (%s), %s."
                .formatted(
                        design.terms().get(strongest),
                        outcome,
                        Phrases.number(odds[strongest]),
                        Phrases.p(pValues[strongest]),
                        Phrases.significance(pValues[strongest])));
        findings.addAll(rows.notes());

        String title = "Logistic regression of " + outcome;
        return new AnalysisResult(
                title, coefficients.table("odds_ratio", odds), statistics, findings, Coefficients.chart(title));
    }

    /**
     * The level counted as the outcome: the one asked for, else true, else 1, else the later of the two
     * in sort order.
     */
    private static int positive(LogisticRegression spec, Levels target) {
        if (target.count() != 2) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "Logistic regression needs a target with exactly two values, but %s has %d%s."
                            .formatted(spec.target(), target.count(), examples(target.names())));
        }
        List<String> names = target.names();
        @Nullable String asked = spec.positive();
        if (asked != null && !asked.isBlank()) {
            for (int level = 0; level < 2; level++) {
                if (names.get(level).equalsIgnoreCase(asked.strip())) {
                    return level;
                }
            }
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "The outcome \"%s\" does not occur in %s, whose values are %s and %s."
                            .formatted(asked, spec.target(), names.get(0), names.get(1)));
        }
        if (names.contains("true")) {
            return names.indexOf("true");
        }
        return names.contains("1") ? names.indexOf("1") : 1;
    }

    private static String examples(List<String> names) {
        return names.isEmpty() ? "" : " (" + Phrases.names(names.subList(0, Math.min(5, names.size()))) + ")";
    }

    private record Fit(double[] beta, RealMatrix covariance, double logLikelihood, int iterations) {}

    private static Fit fit(Design design, double[] y, LogisticRegression spec) {
        int n = design.n();
        int p = design.p();
        double[][] x = design.x();
        double[] beta = new double[p];
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            double[] score = new double[p];
            double[][] information = new double[p][p];
            for (int i = 0; i < n; i++) {
                double probability = sigmoid(dot(x[i], beta));
                double weight = probability * (1 - probability);
                double residual = y[i] - probability;
                for (int j = 0; j < p; j++) {
                    score[j] += x[i][j] * residual;
                    double weighted = weight * x[i][j];
                    for (int k = 0; k <= j; k++) {
                        information[j][k] += weighted * x[i][k];
                    }
                }
            }
            for (int j = 0; j < p; j++) {
                for (int k = j + 1; k < p; k++) {
                    information[j][k] = information[k][j];
                }
            }
            DecompositionSolver solver = solver(information, spec);
            double[] step = solver.solve(new ArrayRealVector(score, false)).toArray();
            double largest = 0;
            for (int j = 0; j < p; j++) {
                beta[j] += step[j];
                largest = Math.max(largest, Math.abs(step[j]));
            }
            if (largest < STEP_TOLERANCE) {
                requireNoSeparation(x, y, beta, spec);
                return new Fit(beta, solver.getInverse(), logLikelihood(x, y, beta), iteration);
            }
        }
        throw new AnalysisFailed(
                StepError.UNSUITABLE_DATA,
                ("The logistic regression of %s did not converge in %d iterations: the predictors (nearly) separate"
                                + " the two outcomes perfectly, so the odds have no finite estimate.")
                        .formatted(spec.target(), MAX_ITERATIONS));
    }

    /**
     * Separated data has no maximum: coefficients grow without bound while the fitted probabilities of
     * some rows reach 0 or 1. Newton's steps may still shrink below the tolerance there, so the fitted
     * rows are checked too.
     */
    private static void requireNoSeparation(double[][] x, double[] y, double[] beta, LogisticRegression spec) {
        for (double[] row : x) {
            if (Math.abs(dot(row, beta)) > CERTAIN) {
                throw new AnalysisFailed(
                        StepError.UNSUITABLE_DATA,
                        ("The predictors separate the two outcomes of %s (nearly) perfectly: some rows are predicted"
                                        + " with certainty, so the odds have no finite estimate.")
                                .formatted(spec.target()));
            }
        }
    }

    private static DecompositionSolver solver(double[][] information, LogisticRegression spec) {
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(information, false)).getSolver();
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    ("The logistic regression of %s cannot be fitted: the predictors separate the outcomes"
                                    + " perfectly or are redundant.")
                            .formatted(spec.target()));
        }
    }

    private static double logLikelihood(double[][] x, double[] y, double[] beta) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double eta = dot(x[i], beta);
            // log(1 + e^eta) without overflow.
            double log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
            sum += y[i] * eta - log1pExp;
        }
        return sum;
    }

    private static double sigmoid(double eta) {
        return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }
}
