package dev.analyst.contracts.dataset;

import org.jspecify.annotations.Nullable;

/**
 * What a loaded column holds, computed inside PostgreSQL right after the load. Only the part that
 * fits the column's type is present; the others are null.
 *
 * @param nullShare the share of rows where the column is null, 0 to 1
 * @param distinctCount distinct non-null values
 * @param numeric statistics of a numeric column with at least one value
 * @param text lengths and most frequent values of a text column with at least one value
 * @param range the earliest and latest value of a date or timestamp column, as ISO text
 * @param booleans true and false counts of a boolean column
 */
public record ColumnProfile(
        double nullShare,
        long distinctCount,
        @Nullable NumericProfile numeric,
        @Nullable TextProfile text,
        @Nullable ValueRange range,
        @Nullable BooleanCounts booleans) {}
