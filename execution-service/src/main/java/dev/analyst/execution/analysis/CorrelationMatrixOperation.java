package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Pearson or Spearman correlations of every pair of columns with their two-sided p-values (the t test of
 * the coefficient with n - 2 degrees of freedom, as scipy computes them).
 *
 * <p>Rows missing any of the columns are dropped for all pairs (listwise), not pair by pair: every
 * coefficient then comes from the same rows, the matrix stays consistent, and one n describes it.
 */
final class CorrelationMatrixOperation {

    private CorrelationMatrixOperation() {}

    static AnalysisResult run(CorrelationMatrix spec, Frame frame) {
        List<String> columns = List.copyOf(new LinkedHashSet<>(spec.columns()));
        if (columns.size() < 2) {
            throw new AnalysisFailed(StepError.UNSUITABLE_DATA, "A correlation matrix needs at least two columns.");
        }
        Selection rows = frame.complete(columns).requireRows(3, "A correlation with a p-value");
        boolean spearman = spec.coefficient() == CorrelationMatrix.Coefficient.SPEARMAN;
        double[][] data = new double[rows.n()][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            double[] values = rows.numbers(columns.get(j));
            if (Design.constant(values)) {
                throw new AnalysisFailed(
                        StepError.UNSUITABLE_DATA,
                        "%s has the same value in every row, so it correlates with nothing.".formatted(columns.get(j)));
            }
            // Spearman's coefficient is Pearson's on the ranks, ties sharing their average rank.
            if (spearman) {
                values = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(values);
            }
            for (int i = 0; i < values.length; i++) {
                data[i][j] = values[i];
            }
        }
        var pearson = new PearsonsCorrelation(new Array2DRowRealMatrix(data, false));
        RealMatrix r = pearson.getCorrelationMatrix();
        RealMatrix p = pearson.getCorrelationPValues();

        String symbol = spearman ? "ρ" : "r";
        String a = "column_a";
        String b = "column_b";
        var table = new TableBuilder()
                .column(a, TableBuilder.TEXT)
                .column(b, TableBuilder.TEXT)
                .column("correlation", TableBuilder.FLOAT)
                .column("p_value", TableBuilder.FLOAT);
        int strongestA = 0;
        int strongestB = 1;
        int significant = 0;
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                // The full square, so a heatmap has every cell; a column with itself has no p-value.
                table.row(
                        columns.get(i),
                        columns.get(j),
                        i == j ? 1.0 : r.getEntry(i, j),
                        i == j ? null : p.getEntry(i, j));
                if (i < j) {
                    significant += p.getEntry(i, j) < Phrases.ALPHA ? 1 : 0;
                    if (Math.abs(r.getEntry(i, j)) > Math.abs(r.getEntry(strongestA, strongestB))) {
                        strongestA = i;
                        strongestB = j;
                    }
                }
            }
        }
        double strongest = r.getEntry(strongestA, strongestB);
        double strongestP = p.getEntry(strongestA, strongestB);
        int pairs = columns.size() * (columns.size() - 1) / 2;

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) rows.n());
        statistics.put("pairs", (double) pairs);
        statistics.put("significant_pairs", (double) significant);
        statistics.put("strongest_correlation", strongest);
        statistics.put("strongest_p_value", strongestP);

        var findings = new ArrayList<String>();
        findings.add("The strongest correlation is %s between %s and %s (%s = %s, %s, n = %s), %s."
                .formatted(
                        strongest >= 0 ? "positive" : "negative",
                        columns.get(strongestA),
                        columns.get(strongestB),
                        symbol,
                        Phrases.number(strongest),
                        Phrases.p(strongestP),
                        Phrases.count(rows.n()),
                        Phrases.significance(strongestP)));
        if (pairs > 1) {
            findings.add(
                    "%d of the %d pairs are statistically significant at the 5%% level.".formatted(significant, pairs));
        }
        findings.addAll(rows.notes());

        String title = (spearman ? "Spearman" : "Pearson") + " correlations of " + Phrases.names(columns);
        // A heatmap's x is its columns, its series its rows, its y the cells' values.
        var chart = new ChartSpec("heatmap", title, b, List.of("correlation"), "Column", "Column", a, "none");
        return new AnalysisResult(title, table.build(), statistics, findings, chart);
    }
}
