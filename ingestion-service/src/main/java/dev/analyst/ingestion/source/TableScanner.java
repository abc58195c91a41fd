package dev.analyst.ingestion.source;

import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.EmptyFile;
import dev.analyst.ingestion.csv.Identifiers;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.NoDataRows;
import dev.analyst.ingestion.csv.ScannedColumn;
import dev.analyst.ingestion.csv.TypeInference;
import dev.analyst.ingestion.csv.ValueFrequencies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The first pass over a file of any format: names the columns of each table and infers their types
 * and categories, touching every row once with memory bounded by the number of columns.
 */
public final class TableScanner {

    private final int maxColumns;
    private final int maxDistinctValues;
    private final int topValues;
    private final int maxValueLength;

    public TableScanner(int maxColumns, int maxDistinctValues, int topValues, int maxValueLength) {
        this.maxColumns = maxColumns;
        this.maxDistinctValues = maxDistinctValues;
        this.topValues = topValues;
        this.maxValueLength = maxValueLength;
    }

    /**
     * Scans a file. Tables without data rows (empty sheets) are left out.
     *
     * @throws EmptyFile when there is nothing in it
     * @throws NoDataRows when no table has a data row
     * @throws MalformedFile when it cannot be read, naming the line
     */
    public FileScan scan(Path file, TabularSource source) throws IOException {
        return scan(UploadedFile.complete(file), source);
    }

    /** {@link #scan(Path, TabularSource)} for a file that may still be arriving: it reads to the end. */
    public FileScan scan(UploadedFile file, TabularSource source) throws IOException {
        var sink = new Sink();
        source.read(sink);
        long size = file.awaitSize();
        if (size == 0) {
            throw new EmptyFile();
        }
        if (sink.tables.isEmpty()) {
            if (sink.sawHeader) {
                throw new NoDataRows();
            }
            throw new EmptyFile();
        }
        return new FileScan(source.format(), sink.tables, size);
    }

    private final class Sink implements RowSink {

        private final List<TableScan> tables = new ArrayList<>();
        private final List<TypeInference> types = new ArrayList<>();
        private final List<ValueFrequencies> frequencies = new ArrayList<>();
        private int index = -1;
        private @Nullable String label;
        private long rows;
        private long rejected;
        private boolean sawHeader;

        @Override
        public void startTable(@Nullable String label) {
            index++;
            this.label = label;
            rows = 0;
            rejected = 0;
            types.clear();
            frequencies.clear();
        }

        @Override
        public void row(List<@Nullable String> cells) {
            widen(cells.size());
            rows++;
            for (int i = 0; i < types.size(); i++) {
                var cell = i < cells.size() ? cells.get(i) : null;
                types.get(i).accept(cell);
                if (cell != null && !TypeInference.isNull(cell)) {
                    frequencies.get(i).accept(cell);
                }
            }
        }

        @Override
        public void rejected(long line, String text) {
            rejected++;
        }

        @Override
        public void endTable(List<String> header) {
            if (!header.isEmpty()) {
                sawHeader = true;
            }
            widen(header.size());
            if (rows == 0) {
                return;
            }
            var labels = new ArrayList<String>(types.size());
            for (int i = 0; i < types.size(); i++) {
                labels.add(i < header.size() ? header.get(i).strip() : "");
            }
            var names = Identifiers.columnNames(labels);
            var columns = new ArrayList<ScannedColumn>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                var inference = types.get(i);
                var type = inference.type();
                List<String> top = type == ColumnType.TEXT ? frequencies.get(i).top(topValues) : List.of();
                var shown = ScannedColumn.withUnit(
                        labels.get(i).isEmpty() ? names.get(i) : labels.get(i), inference.unit());
                columns.add(new ScannedColumn(names.get(i), shown, type, inference.sawNull(), top, inference.style()));
            }
            tables.add(new TableScan(index, label, columns, rows, rejected));
        }

        /** Adds columns up to {@code width}; a column added late was null in the rows before it. */
        private void widen(int width) {
            if (width > maxColumns) {
                throw MalformedFile.tooWide(label, width, maxColumns);
            }
            while (types.size() < width) {
                var inference = new TypeInference();
                inference.acceptNulls(rows);
                types.add(inference);
                frequencies.add(new ValueFrequencies(maxDistinctValues, maxValueLength));
            }
        }
    }
}
