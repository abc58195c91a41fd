package dev.analyst.ingestion.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first pass over an uploaded file: sniffs its dialect, names its columns and infers their types
 * and categories, touching every row once with memory bounded by the number of columns.
 */
public final class CsvScanner {

    private final int maxColumns;
    private final int maxDistinctValues;
    private final int topValues;
    private final int maxValueLength;

    public CsvScanner(int maxColumns, int maxDistinctValues, int topValues, int maxValueLength) {
        this.maxColumns = maxColumns;
        this.maxDistinctValues = maxDistinctValues;
        this.topValues = topValues;
        this.maxValueLength = maxValueLength;
    }

    /**
     * Scans a file.
     *
     * @throws EmptyFile when there is nothing in it
     * @throws NoDataRows when there is only a header
     * @throws MalformedFile when it cannot be read, naming the line
     */
    public CsvScan scan(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw new EmptyFile();
        }
        char delimiter = CsvSource.sniffDelimiter(file);
        try (var source = CsvSource.open(file, delimiter)) {
            var labels = source.header().stream().map(String::strip).toList();
            if (labels.size() > maxColumns) {
                throw new MalformedFile(
                        1,
                        "The header has " + labels.size() + " columns; at most " + maxColumns + " are supported",
                        null);
            }
            var names = Identifiers.columnNames(labels);
            var types = new ArrayList<TypeInference>(labels.size());
            var frequencies = new ArrayList<ValueFrequencies>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                types.add(new TypeInference());
                frequencies.add(new ValueFrequencies(maxDistinctValues, maxValueLength));
            }
            long rows = 0;
            for (var record = source.next(); record != null; record = source.next()) {
                rows++;
                for (int i = 0; i < labels.size(); i++) {
                    var cell = record.getField(i);
                    types.get(i).accept(cell);
                    if (!TypeInference.isNull(cell)) {
                        frequencies.get(i).accept(cell);
                    }
                }
            }
            if (rows == 0) {
                throw new NoDataRows();
            }
            var columns = new ArrayList<ScannedColumn>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                var type = types.get(i).type();
                List<String> top = type == ColumnType.TEXT ? frequencies.get(i).top(topValues) : List.of();
                columns.add(new ScannedColumn(
                        names.get(i), labels.get(i), type, types.get(i).sawNull(), top));
            }
            return new CsvScan(delimiter, columns, rows, Files.size(file));
        }
    }
}
