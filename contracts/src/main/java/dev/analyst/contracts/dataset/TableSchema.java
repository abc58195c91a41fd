package dev.analyst.contracts.dataset;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A table as the planner sees it.
 *
 * @param name the SQL identifier
 * @param label what people call it (the file name, or the table comment)
 * @param profile correlations, sample rows and data-quality findings of a loaded file; null for a
 *     connected database
 */
public record TableSchema(
        String name,
        String label,
        long rowCount,
        List<ColumnSchema> columns,
        List<ForeignKey> foreignKeys,
        @Nullable TableProfile profile) {

    public TableSchema {
        columns = List.copyOf(columns);
        foreignKeys = List.copyOf(foreignKeys);
    }
}
