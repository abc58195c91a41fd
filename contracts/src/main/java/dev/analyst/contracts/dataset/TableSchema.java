package dev.analyst.contracts.dataset;

import java.util.List;

/**
 * A table as the planner sees it.
 *
 * @param name the SQL identifier
 * @param label what people call it (the file name, or the table comment)
 */
public record TableSchema(
        String name, String label, long rowCount, List<ColumnSchema> columns, List<ForeignKey> foreignKeys) {

    public TableSchema {
        columns = List.copyOf(columns);
        foreignKeys = List.copyOf(foreignKeys);
    }
}
