package dev.analyst.contracts.dataset;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A column as the planner sees it.
 *
 * @param name the SQL identifier
 * @param label the original header or comment, kept for display and for the model
 * @param type the PostgreSQL type name
 * @param topValues values a question may name, so that it can be linked to the column: the most
 *     frequent values of a low-cardinality column ("in Brazil"), or every value of a naming column of a
 *     connected database (an artist's {@code name}: "albums by AC/DC") that has not too many; empty for
 *     other columns
 * @param profile what the column holds, computed when a file is loaded; null for a connected
 *     database, which is introspected rather than profiled
 */
public record ColumnSchema(
        String name,
        String label,
        String type,
        boolean nullable,
        List<String> topValues,
        @Nullable ColumnProfile profile) {

    public ColumnSchema {
        topValues = List.copyOf(topValues);
    }
}
