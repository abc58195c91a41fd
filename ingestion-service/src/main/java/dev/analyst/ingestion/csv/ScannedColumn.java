package dev.analyst.ingestion.csv;

import java.util.List;

/**
 * A column as a pass over a file found it.
 *
 * @param name the safe SQL identifier
 * @param label the header as written
 * @param topValues the most frequent values when the column is categorical text, else empty
 * @param style how its cells are written to COPY (converted from grouped numbers, other date formats)
 */
public record ScannedColumn(
        String name, String label, ColumnType type, boolean nullable, List<String> topValues, ValueStyle style) {

    public ScannedColumn {
        topValues = List.copyOf(topValues);
    }

    /** A column whose cells PostgreSQL reads as written (text verbatim, typed values trimmed). */
    public ScannedColumn(String name, String label, ColumnType type, boolean nullable, List<String> topValues) {
        this(
                name,
                label,
                type,
                nullable,
                topValues,
                type == ColumnType.TEXT ? ValueStyle.VERBATIM : ValueStyle.TRIMMED);
    }

    /**
     * The label, with the unit the values carried and lost on the way to a number ("Growth (%)",
     * "Price ($)") unless it already says so.
     */
    public static String withUnit(String label, @org.jspecify.annotations.Nullable String unit) {
        return unit == null || label.contains(unit) ? label : label + " (" + unit + ")";
    }
}
