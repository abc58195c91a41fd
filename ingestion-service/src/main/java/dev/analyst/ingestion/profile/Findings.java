package dev.analyst.ingestion.profile;

import dev.analyst.contracts.dataset.Correlation;
import dev.analyst.contracts.dataset.QualityFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the numbers of a profile into the few data-quality sentences a person (or a planner) reads. */
final class Findings {

    static final double MOSTLY_NULL = 0.5;
    static final double OUTLIER_HEAVY = 0.05;
    static final double STRONG_CORRELATION = 0.9;
    static final int MIN_ROWS_FOR_KEY = 10;
    static final int MAX_FINDINGS = 40;

    private Findings() {}

    static List<QualityFinding> of(long rows, List<ColumnStats> stats, List<Correlation> correlations) {
        var findings = new ArrayList<QualityFinding>();
        if (rows == 0) {
            return findings;
        }
        for (var column : stats) {
            var name = column.column().name();
            double nullShare = (rows - column.nonNull) / (double) rows;
            if (column.nonNull == 0) {
                findings.add(finding("empty", name, name + " is empty in every row."));
                continue;
            }
            if (nullShare >= MOSTLY_NULL) {
                findings.add(finding("mostly-null", name, name + " is empty in " + percent(nullShare) + " of rows."));
            }
            if (column.distinct == 1 && column.nonNull > 1) {
                findings.add(finding("constant", name, name + " holds the same value in every non-empty row."));
            }
            var kind = column.column().kind();
            if ((kind == ProfiledColumn.Kind.INTEGER || kind == ProfiledColumn.Kind.TEXT)
                    && rows >= MIN_ROWS_FOR_KEY
                    && column.nonNull == rows
                    && column.distinct == rows) {
                findings.add(finding("unique-key", name, name + " is different in every row: it looks like a key."));
            }
            if (column.outliers > 0 && column.outliers >= OUTLIER_HEAVY * column.nonNull) {
                findings.add(finding(
                        "outliers",
                        name,
                        "%s has %d outliers beyond 1.5 interquartile ranges (%s of its values)."
                                .formatted(name, column.outliers, percent(column.outliers / (double) column.nonNull))));
            }
        }
        for (var correlation : correlations) {
            if (Math.abs(correlation.coefficient()) >= STRONG_CORRELATION) {
                findings.add(new QualityFinding(
                        "correlated",
                        List.of(correlation.first(), correlation.second()),
                        String.format(
                                Locale.ROOT,
                                "%s and %s are strongly correlated (r = %.2f).",
                                correlation.first(),
                                correlation.second(),
                                correlation.coefficient())));
            }
        }
        return findings.size() > MAX_FINDINGS ? List.copyOf(findings.subList(0, MAX_FINDINGS)) : findings;
    }

    private static QualityFinding finding(String kind, String column, String message) {
        return new QualityFinding(kind, List.of(column), message);
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
