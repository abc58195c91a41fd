package dev.analyst.ingestion.source;

import java.util.List;

/**
 * What the first pass learned about a file: its tables that hold data, in file order.
 *
 * @param bytes the file's size
 */
public record FileScan(FileFormat format, List<TableScan> tables, long bytes) {

    public FileScan {
        tables = List.copyOf(tables);
    }

    /** Data rows of all tables. */
    public long rows() {
        return tables.stream().mapToLong(TableScan::rows).sum();
    }
}
