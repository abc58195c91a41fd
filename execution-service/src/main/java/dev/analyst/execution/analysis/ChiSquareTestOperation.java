package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.ChiSquareTest;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Pearson's chi-square test of independence on the contingency table, without Yates' continuity
 * correction (scipy's {@code chi2_contingency(correction=False)}, R's {@code chisq.test(correct = FALSE)}).
 */
final class ChiSquareTestOperation {

    /** Beyond this many cells the table is no longer a contingency table people read. */
    private static final int MAX_CELLS = 10_000;

    private ChiSquareTestOperation() {}

    static AnalysisResult run(ChiSquareTest spec, Frame frame) {
        String rowName = spec.rowVariable();
        String columnName = spec.columnVariable();
        if (rowName.equals(columnName)) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "A chi-square test needs two different columns, not %s twice.".formatted(rowName));
        }
        Selection rows = frame.complete(spec.columns());
        Levels a = rows.levels(rowName);
        Levels b = rows.levels(columnName);
        for (var levels : List.of(a, b)) {
            if (levels.count() < 2) {
                throw new AnalysisFailed(
                        StepError.UNSUITABLE_DATA,
                        "A chi-square test needs at least two values in each column, but %s has %d."
                                .formatted(levels == a ? rowName : columnName, levels.count()));
            }
        }
        if ((long) a.count() * b.count() > MAX_CELLS) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s and %s have %d and %d distinct values, too many for a contingency table; group them first."
                            .formatted(rowName, columnName, a.count(), b.count()));
        }
        long[][] observed = new long[a.count()][b.count()];
        for (int i = 0; i < rows.n(); i++) {
            observed[a.codes()[i]][b.codes()[i]]++;
        }
        long[] rowTotals = a.sizes();
        long[] columnTotals = b.sizes();
        double n = rows.n();

        var table = new TableBuilder()
                .column(rowName, TableBuilder.TEXT)
                .column(columnName, TableBuilder.TEXT)
                .column("observed", TableBuilder.INT)
                .column("expected", TableBuilder.FLOAT);
        double chiSquare = 0;
        double minExpected = Double.MAX_VALUE;
        int sparse = 0;
        for (int r = 0; r < a.count(); r++) {
            for (int c = 0; c < b.count(); c++) {
                double expected = rowTotals[r] * (double) columnTotals[c] / n;
                chiSquare += (observed[r][c] - expected) * (observed[r][c] - expected) / expected;
                minExpected = Math.min(minExpected, expected);
                sparse += expected < 5 ? 1 : 0;
                table.row(a.names().get(r), b.names().get(c), observed[r][c], expected);
            }
        }
        int dof = (a.count() - 1) * (b.count() - 1);
        double p = new org.apache.commons.math3.stat.inference.ChiSquareTest().chiSquareTest(observed);
        double cramersV = Math.sqrt(chiSquare / (n * (Math.min(a.count(), b.count()) - 1)));

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", n);
        statistics.put("chi_square", chiSquare);
        statistics.put("dof", (double) dof);
        statistics.put("p_value", p);
        statistics.put("cramers_v", cramersV);
        statistics.put("min_expected", minExpected);

        var findings = new ArrayList<String>();
        findings.add("%s and %s are %s: the association is %s (χ² = %s, df = %d, %s, n = %s)."
                .formatted(
                        rowName,
                        columnName,
                        p < Phrases.ALPHA ? "related" : "not shown to be related",
                        Phrases.significance(p),
                        Phrases.number(chiSquare),
                        dof,
                        Phrases.p(p),
                        Phrases.count(rows.n())));
        findings.add("Cramér's V = %s: a %s association.".formatted(Phrases.number(cramersV), strength(cramersV)));
        if (sparse > 0) {
            findings.add(("%d of the %d cells expect fewer than 5 rows (the smallest %s), so the p-value is only"
                            + " approximate.")
                    .formatted(sparse, a.count() * b.count(), Phrases.number(minExpected)));
        }
        findings.addAll(rows.notes());

        String title = "%s by %s (chi-square test)".formatted(rowName, columnName);
        var chart =
                new ChartSpec("grouped_bar", title, rowName, List.of("observed"), rowName, "Rows", columnName, "none");
        return new AnalysisResult(title, table.build(), statistics, findings, chart);
    }

    /** Cohen's rough bands for an effect size between 0 and 1. */
    private static String strength(double v) {
        return v < 0.1 ? "negligible" : v < 0.3 ? "weak" : v < 0.5 ? "moderate" : "strong";
    }
}
