package dev.analyst.contracts.dataset;

import java.util.List;

/** Columns of a table that reference the key of another table of the same dataset. */
public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {

    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
