package dev.analyst.contracts.dataset;

import java.util.List;

/**
 * A column as the planner sees it.
 *
 * @param name the SQL identifier
 * @param label the original header or comment, kept for display and for the model
 * @param type the PostgreSQL type name
 * @param topValues the most frequent values of a low-cardinality column, so questions naming a value
 *     ("in Brazil") can be linked to the column; empty for other columns
 */
public record ColumnSchema(String name, String label, String type, boolean nullable, List<String> topValues) {

    public ColumnSchema {
        topValues = List.copyOf(topValues);
    }
}
