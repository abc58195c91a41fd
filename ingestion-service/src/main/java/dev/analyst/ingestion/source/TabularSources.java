package dev.analyst.ingestion.source;

import dev.analyst.ingestion.IngestionProperties;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Opens an uploaded file as the {@link TabularSource} of the format its content shows. */
@Component
public class TabularSources {

    /** A JSON Lines line longer than this is refused rather than buffered. */
    static final int MAX_JSON_LINE = 16 * 1024 * 1024;

    private final int maxColumns;
    private final int maxFieldChars;
    private final long maxRejectedRows;
    private final WorkbookGuard guard;
    private final JsonMapper mapper;
    private final long maxUncompressedBytes;

    @Autowired
    TabularSources(IngestionProperties properties, JsonMapper mapper) {
        this(properties.upload(), mapper);
    }

    public TabularSources(IngestionProperties.Upload upload, JsonMapper mapper) {
        this.maxColumns = upload.maxColumns();
        this.maxFieldChars =
                (int) Math.min(Integer.MAX_VALUE - 8, upload.maxFieldSize().toBytes());
        this.maxRejectedRows = upload.maxRejectedRows();
        var workbook = upload.workbook();
        this.guard = new WorkbookGuard(
                workbook.maxEntries(), workbook.maxUncompressedSize().toBytes(), workbook.maxCompressionRatio());
        this.mapper = mapper;
        this.maxUncompressedBytes = workbook.maxUncompressedSize().toBytes();
    }

    /**
     * The file as tables, after checks that need no parsing (a workbook's zip limits).
     *
     * @param filename the client's file name, only to word refusals
     * @throws UnsupportedFormat for archives and documents that are no table
     * @throws UnsafeFile for zip bombs and workbooks declaring a DTD (Parquet's declared size is
     *     checked when it is read)
     * @throws dev.analyst.ingestion.csv.EmptyFile for an empty or blank file
     * @throws dev.analyst.ingestion.csv.MalformedFile for binary content that is no known format
     */
    public TabularSource open(Path file, @Nullable String filename) throws IOException {
        return open(UploadedFile.complete(file), filename, false);
    }

    /**
     * The file as tables, as {@link #open(Path, String)}.
     *
     * @param quarantine whether rows that do not fit their table (ragged CSV rows) go to
     *     {@link RowSink#rejected} rather than failing the load
     */
    public TabularSource open(UploadedFile file, @Nullable String filename, boolean quarantine) throws IOException {
        var format = FileFormat.detect(file, filename);
        return switch (format) {
            // Text formats stream: they are read while the upload is still arriving.
            case CSV -> new CsvTabularSource(file, maxColumns, maxFieldChars, quarantine ? maxRejectedRows : 0);
            case JSON_LINES -> new JsonLinesSource(file, mapper, maxColumns, MAX_JSON_LINE);
            // Workbooks end with their zip directory, Parquet with its footer: they need the whole file.
            case XLSX -> new XlsxSource(whole(file), guard);
            case XLS -> new XlsSource(whole(file));
            case PARQUET -> new ParquetSource(whole(file), maxColumns, maxUncompressedBytes);
        };
    }

    private static Path whole(UploadedFile file) throws IOException {
        file.awaitSize();
        return file.path();
    }
}
