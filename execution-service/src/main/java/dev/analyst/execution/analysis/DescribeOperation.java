package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.Describe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Summary statistics of each column on its own: a column's missing values do not remove rows from the
 * others. Numeric columns get moments and quartiles, the rest counts of their values.
 */
final class DescribeOperation {

    private DescribeOperation() {}

    static AnalysisResult run(Describe spec, Frame frame) {
        // No columns named: describe them all.
        List<String> columns = spec.columns().isEmpty()
                ? frame.table().columns().stream().map(ResultColumn::name).toList()
                : List.copyOf(new LinkedHashSet<>(spec.columns()));
        var table = new TableBuilder()
                .column("column", TableBuilder.TEXT)
                .column("kind", TableBuilder.TEXT)
                .column("count", TableBuilder.INT)
                .column("missing", TableBuilder.INT)
                .column("mean", TableBuilder.FLOAT)
                .column("std", TableBuilder.FLOAT)
                .column("min", TableBuilder.FLOAT)
                .column("q1", TableBuilder.FLOAT)
                .column("median", TableBuilder.FLOAT)
                .column("q3", TableBuilder.FLOAT)
                .column("max", TableBuilder.FLOAT)
                .column("distinct", TableBuilder.INT)
                .column("top", TableBuilder.TEXT)
                .column("top_count", TableBuilder.INT);
        var findings = new ArrayList<String>();
        findings.add("Described %d %s over %s rows."
                .formatted(columns.size(), columns.size() == 1 ? "column" : "columns", Phrases.count(frame.size())));
        String mostMissing = null;
        int mostMissingCount = 0;
        for (String column : columns) {
            Selection rows = frame.complete(List.of(column));
            int missing = rows.dropped();
            if (missing > mostMissingCount) {
                mostMissing = column;
                mostMissingCount = missing;
            }
            List<Object> values = rows.values(column);
            if (!values.isEmpty() && values.stream().allMatch(Number.class::isInstance)) {
                double[] numbers = rows.numbers(column);
                Quartiles q = Quartiles.of(numbers);
                double mean = new Mean().evaluate(numbers);
                table.row(
                        column,
                        "numeric",
                        rows.n(),
                        missing,
                        mean,
                        new StandardDeviation().evaluate(numbers),
                        q.min(),
                        q.q1(),
                        q.median(),
                        q.q3(),
                        q.max(),
                        null,
                        null,
                        null);
                if (findings.size() < 2) {
                    findings.add("%s ranges from %s to %s, with a median of %s and a mean of %s."
                            .formatted(
                                    column,
                                    Phrases.number(q.min()),
                                    Phrases.number(q.max()),
                                    Phrases.number(q.median()),
                                    Phrases.number(mean)));
                }
            } else {
                Levels levels = Levels.of(values);
                long[] sizes = levels.sizes();
                int top = 0;
                for (int level = 1; level < sizes.length; level++) {
                    if (sizes[level] > sizes[top]) {
                        top = level;
                    }
                }
                boolean any = !values.isEmpty();
                table.row(
                        column,
                        "categorical",
                        rows.n(),
                        missing,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        levels.count(),
                        any ? levels.names().get(top) : null,
                        any ? sizes[top] : null);
            }
        }
        if (mostMissing != null) {
            findings.add("%s has the most missing values: %s of %s rows (%s)."
                    .formatted(
                            mostMissing,
                            Phrases.count(mostMissingCount),
                            Phrases.count(frame.size()),
                            Phrases.percent((double) mostMissingCount / frame.size())));
        }
        findings.addAll(frame.notes(0, columns));

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) frame.size());
        statistics.put("columns", (double) columns.size());
        String title = "Summary of " + Phrases.names(columns);
        // A summary of differently scaled columns reads best as the table itself.
        return new AnalysisResult(
                title, table.build(), statistics, findings, new ChartSpec("table", title, "", List.of(), "", ""));
    }
}
