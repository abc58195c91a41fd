package dev.analyst.ingestion.source;

import dev.analyst.ingestion.csv.ScannedColumn;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the first pass learned about one table of a file: enough to create and load it.
 *
 * @param index the table's position among all tables the source reads, empty ones included
 * @param label the sheet's name, or null when the file is a single table
 * @param rows data rows (all-blank rows are not counted: they are not loaded)
 * @param rejectedRows rows set aside for quarantine (not in {@code rows})
 */
public record TableScan(int index, @Nullable String label, List<ScannedColumn> columns, long rows, long rejectedRows) {

    public TableScan {
        columns = List.copyOf(columns);
    }
}
