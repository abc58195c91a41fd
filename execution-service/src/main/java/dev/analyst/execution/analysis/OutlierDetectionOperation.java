package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Values outside fences: Tukey's (quartiles ± k·IQR, quartiles by linear interpolation) or mean ± k
 * sample standard deviations. The table lists the outlying rows whole, the most extreme first.
 */
final class OutlierDetectionOperation {

    static final double IQR_CONVENTION = 1.5;
    static final double Z_CONVENTION = 3;
    static final int MAX_LISTED = 100;

    private OutlierDetectionOperation() {}

    static AnalysisResult run(OutlierDetection spec, Frame frame) {
        String column = spec.column();
        Selection rows = frame.complete(spec.columns()).requireRows(4, "Finding outliers");
        double[] values = rows.numbers(column);
        if (Design.constant(values)) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "%s has the same value in every row, so nothing stands out.".formatted(column));
        }
        boolean iqr = spec.rule() == OutlierDetection.Rule.IQR;
        double k = spec.threshold() > 0 ? spec.threshold() : iqr ? IQR_CONVENTION : Z_CONVENTION;
        double mean = new Mean().evaluate(values);
        double std = new StandardDeviation().evaluate(values);
        Quartiles quartiles = Quartiles.of(values);
        double lower = iqr ? quartiles.q1() - k * quartiles.iqr() : mean - k * std;
        double upper = iqr ? quartiles.q3() + k * quartiles.iqr() : mean + k * std;

        var outliers = new ArrayList<Integer>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < lower || values[i] > upper) {
                outliers.add(i);
            }
        }
        outliers.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(values[i] - mean)));

        var table = new TableBuilder().column("row", TableBuilder.INT);
        List<ResultColumn> columns = frame.table().columns();
        for (ResultColumn original : columns) {
            table.column(original.name(), original.type());
        }
        table.column("side", TableBuilder.TEXT).column("z_score", TableBuilder.FLOAT);
        for (int i : outliers.subList(0, Math.min(MAX_LISTED, outliers.size()))) {
            Object[] row = new Object[columns.size() + 3];
            // Rows count from 1, as people number them.
            row[0] = rows.row(i) + 1L;
            for (int c = 0; c < columns.size(); c++) {
                row[c + 1] = frame.value(rows.row(i), c);
            }
            row[columns.size() + 1] = values[i] > upper ? "high" : "low";
            row[columns.size() + 2] = (values[i] - mean) / std;
            table.row(row);
        }

        int n = rows.n();
        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) n);
        statistics.put("outliers", (double) outliers.size());
        statistics.put("share", (double) outliers.size() / n);
        statistics.put("lower_bound", lower);
        statistics.put("upper_bound", upper);
        statistics.put("threshold", k);
        statistics.put("mean", mean);
        statistics.put("std", std);
        statistics.put("q1", quartiles.q1());
        statistics.put("q3", quartiles.q3());

        String rule = iqr
                ? "more than %s interquartile ranges beyond the quartiles".formatted(Phrases.number(k))
                : "more than %s standard deviations from the mean".formatted(Phrases.number(k));
        var findings = new ArrayList<String>();
        findings.add("%s of %s values of %s (%s) are outliers, %s: below %s or above %s."
                .formatted(
                        Phrases.count(outliers.size()),
                        Phrases.count(n),
                        column,
                        Phrases.percent((double) outliers.size() / n),
                        rule,
                        Phrases.number(lower),
                        Phrases.number(upper)));
        if (!outliers.isEmpty()) {
            int extreme = outliers.getFirst();
            findings.add("The most extreme is %s in row %s (z = %s)."
                    .formatted(
                            Phrases.number(values[extreme]),
                            Phrases.count(rows.row(extreme) + 1L),
                            Phrases.number((values[extreme] - mean) / std)));
        }
        if (outliers.size() > MAX_LISTED) {
            findings.add("The table lists the %d most extreme of them.".formatted(MAX_LISTED));
        }
        findings.addAll(rows.notes());

        String title = "Outliers in " + column;
        var chart = new ChartSpec("scatter", title, "row", List.of(column), "Row", column);
        return new AnalysisResult(title, table.build(outliers.size() > MAX_LISTED), statistics, findings, chart);
    }
}
