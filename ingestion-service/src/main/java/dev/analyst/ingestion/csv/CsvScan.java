package dev.analyst.ingestion.csv;

import java.util.List;

/**
 * What the first pass learned about a file: enough to create its table and load it.
 *
 * @param rows data rows (all-blank rows are not counted: they are not loaded)
 */
public record CsvScan(char delimiter, List<ScannedColumn> columns, long rows, long bytes) {

    public CsvScan {
        columns = List.copyOf(columns);
    }
}
