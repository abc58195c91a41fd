package dev.analyst.execution.analysis;

import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The design matrix of a regression with an intercept, each column divided by its Euclidean norm. The
 * scaling changes nothing in the fit (coefficients and their errors scale back by the same factor) but
 * makes the rank check relative: a column is redundant when the part of it the earlier columns do not
 * explain is below {@link #RANK_TOLERANCE} of its length, whatever its units.
 *
 * @param terms "(intercept)" then the predictors
 * @param x n rows by terms, scaled
 * @param scales each term's norm: a coefficient in original units is the scaled one divided by it
 */
record Design(List<String> terms, double[][] x, double[] scales) {

    static final String INTERCEPT = "(intercept)";

    /** Exactly collinear columns leave about 1e-15; Longley's near-collinear ones leave above 1e-3. */
    private static final double RANK_TOLERANCE = 1e-10;

    static Design of(Selection rows, String target, List<String> predictors) {
        if (predictors.isEmpty()) {
            throw new AnalysisFailed(StepError.UNSUITABLE_DATA, "A regression needs at least one predictor.");
        }
        if (predictors.contains(target)) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s cannot predict itself; leave it out of the predictors.".formatted(target));
        }
        int n = rows.n();
        int p = predictors.size() + 1;
        if (n <= p) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "A regression on %d %s needs more than %d complete rows to estimate its errors, but there %s %d."
                            .formatted(p - 1, p == 2 ? "predictor" : "predictors", p, n == 1 ? "is" : "are", n));
        }
        var terms = new ArrayList<String>(p);
        terms.add(INTERCEPT);
        double[][] columns = new double[p][];
        columns[0] = new double[n];
        java.util.Arrays.fill(columns[0], 1);
        for (int j = 1; j < p; j++) {
            String predictor = predictors.get(j - 1);
            terms.add(predictor);
            columns[j] = rows.numbers(predictor);
            if (constant(columns[j])) {
                throw new AnalysisFailed(
                        StepError.UNSUITABLE_DATA,
                        "Predictor %s has the same value in every row, so its effect cannot be estimated."
                                .formatted(predictor));
            }
        }
        double[] scales = new double[p];
        double[][] x = new double[n][p];
        for (int j = 0; j < p; j++) {
            double sum = 0;
            for (double value : columns[j]) {
                sum += value * value;
            }
            scales[j] = Math.sqrt(sum);
            for (int i = 0; i < n; i++) {
                x[i][j] = columns[j][i] / scales[j];
            }
        }
        var design = new Design(List.copyOf(terms), x, scales);
        design.requireFullRank();
        return design;
    }

    int n() {
        return x.length;
    }

    int p() {
        return scales.length;
    }

    RealMatrix matrix() {
        return new Array2DRowRealMatrix(x, false);
    }

    /** Without pivoting, the first tiny diagonal of R names the first column the earlier ones explain. */
    private void requireFullRank() {
        RealMatrix r = new QRDecomposition(matrix()).getR();
        for (int j = 1; j < p(); j++) {
            if (Math.abs(r.getEntry(j, j)) < RANK_TOLERANCE) {
                throw new AnalysisFailed(
                        StepError.UNSUITABLE_DATA,
                        ("Predictor %s is an exact linear combination of %s, so their separate effects cannot be"
                                        + " estimated; leave one of them out.")
                                .formatted(
                                        terms.get(j), j == 1 ? "the intercept" : Phrases.names(terms.subList(1, j))));
            }
        }
    }

    static boolean constant(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return false;
            }
        }
        return true;
    }
}
