package dev.analyst.ingestion.csv;

import java.util.List;

/**
 * A column as the first pass over a file found it.
 *
 * @param name the safe SQL identifier
 * @param label the header as written
 * @param topValues the most frequent values when the column is categorical text, else empty
 */
public record ScannedColumn(String name, String label, ColumnType type, boolean nullable, List<String> topValues) {

    public ScannedColumn {
        topValues = List.copyOf(topValues);
    }
}
