package dev.analyst.contracts.dataset;

import java.util.List;

/**
 * One data-quality observation about a table.
 *
 * @param kind {@code mostly-null}, {@code empty}, {@code constant}, {@code unique-key},
 *     {@code outliers} or {@code correlated}
 * @param columns the columns it is about
 * @param message one sentence a person reads
 */
public record QualityFinding(String kind, List<String> columns, String message) {

    public QualityFinding {
        columns = List.copyOf(columns);
    }
}
