package dev.analyst.ingestion.source;

import dev.analyst.ingestion.csv.CsvSource;
import dev.analyst.ingestion.csv.MalformedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A delimited text file as one table: its header row names the columns. */
final class CsvTabularSource implements TabularSource {

    private final Path file;
    private final int maxColumns;
    private final CsvSource.Dialect dialect;
    private volatile @Nullable CsvSource current;

    CsvTabularSource(Path file, int maxColumns) throws IOException {
        this.file = file;
        this.maxColumns = maxColumns;
        this.dialect = CsvSource.sniff(file);
    }

    CsvSource.Dialect dialect() {
        return dialect;
    }

    @Override
    public FileFormat format() {
        return FileFormat.CSV;
    }

    @Override
    public void read(RowSink sink) throws IOException {
        try (var source = CsvSource.open(file, dialect)) {
            current = source;
            var header = source.header();
            if (header.size() > maxColumns) {
                // Refused before a single row is read: the width of a row bounds the memory of a pass.
                throw new MalformedFile(
                        1,
                        "The header has " + header.size() + " columns; at most " + maxColumns + " are supported",
                        null);
            }
            sink.startTable(null);
            for (var record = source.next(); record != null; record = source.next()) {
                sink.row(record.getFields());
            }
            sink.endTable(List.copyOf(header));
        } finally {
            current = null;
        }
    }

    @Override
    public long bytesRead() {
        var source = current;
        return source == null ? 0 : source.bytesRead();
    }
}
