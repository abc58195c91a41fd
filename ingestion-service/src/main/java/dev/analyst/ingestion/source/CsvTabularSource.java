package dev.analyst.ingestion.source;

import dev.analyst.ingestion.csv.CsvSource;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.TextEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A delimited text file as one table: its header row names the columns. Rows with another number of
 * fields than the header fail the read naming their line, or, when the upload asked for quarantine,
 * go to {@link RowSink#rejected} with their line and text.
 */
final class CsvTabularSource implements TabularSource, CopyableText {

    private final UploadedFile file;
    private final int maxColumns;
    private final int maxFieldChars;
    private final long maxRejectedRows;
    private final CsvSource.Dialect dialect;
    private volatile @Nullable CsvSource current;
    /** Whether a read went through the whole file, following its quoting. */
    private boolean quotesChecked;

    CsvTabularSource(Path file, int maxColumns) throws IOException {
        this(UploadedFile.complete(file), maxColumns, CsvSource.DEFAULT_MAX_FIELD_CHARS, 0);
    }

    CsvTabularSource(Path file, int maxColumns, int maxFieldChars, long maxRejectedRows) throws IOException {
        this(UploadedFile.complete(file), maxColumns, maxFieldChars, maxRejectedRows);
    }

    /**
     * @param maxFieldChars the longest field, in characters
     * @param maxRejectedRows ragged rows quarantined before the file is refused after all; 0 refuses
     *     the first
     */
    CsvTabularSource(UploadedFile file, int maxColumns, int maxFieldChars, long maxRejectedRows) throws IOException {
        this.file = file;
        this.maxColumns = maxColumns;
        this.maxFieldChars = maxFieldChars;
        this.maxRejectedRows = maxRejectedRows;
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
        // Quoting is followed character by character until one pass read the whole file: a file that
        // passed it is the same file on the next.
        var options = new CsvSource.Options(maxFieldChars, !quotesChecked, maxRejectedRows > 0);
        try (var source = CsvSource.open(file, dialect, options)) {
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
            long rejected = 0;
            for (var record = source.next(); record != null; record = source.next()) {
                var fields = record.getFields();
                if (fields.size() == header.size()) {
                    sink.row(fields);
                } else if (++rejected > maxRejectedRows) {
                    throw new MalformedFile(
                            source.line(),
                            "the row has " + fields.size() + " fields where the header has " + header.size()
                                    + (maxRejectedRows > 0
                                            ? "; more than " + maxRejectedRows + " rows are malformed"
                                            : ""),
                            null);
                } else {
                    sink.rejected(source.line(), text(fields));
                }
            }
            sink.endTable(List.copyOf(header));
            quotesChecked = true;
        } finally {
            current = null;
        }
    }

    @Override
    public Optional<String> copyOptions() {
        var encoding = dialect.encoding();
        String name;
        if (encoding.charset().equals(StandardCharsets.UTF_8)) {
            name = "UTF8";
        } else if (encoding.charset().equals(TextEncoding.WINDOWS_1252)) {
            name = "WIN1252";
        } else {
            return Optional.empty();
        }
        if (maxRejectedRows > 0 || !startsWithHeader()) {
            return Optional.empty();
        }
        var delimiter = dialect.delimiter() == '\'' ? "''''" : "'" + dialect.delimiter() + "'";
        return Optional.of("FORMAT csv, DELIMITER " + delimiter + ", ENCODING '" + name + "'");
    }

    /** Whether the header is the first line: COPY skips exactly one, where this parser skips blank ones. */
    private boolean startsWithHeader() {
        try (var in = file.open()) {
            in.skipNBytes(dialect.encoding().bomLength());
            int first = in.read();
            return first >= 0 && first != '\r' && first != '\n';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public char delimiter() {
        return dialect.delimiter();
    }

    @Override
    public List<String> header() throws IOException {
        try (var source = CsvSource.open(file, dialect, new CsvSource.Options(maxFieldChars, false, false))) {
            return source.header();
        }
    }

    @Override
    public InputStream openRaw() throws IOException {
        return file.open();
    }

    @Override
    public long bytesRead() {
        var source = current;
        return source == null ? 0 : source.bytesRead();
    }

    /** The record written back as a line of the file (quoted where it must be). */
    private String text(List<String> fields) {
        var line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(dialect.delimiter());
            }
            var field = fields.get(i);
            if (field.indexOf(dialect.delimiter()) >= 0
                    || field.indexOf('"') >= 0
                    || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.toString();
    }
}
