package dev.analyst.ingestion.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The records of a delimited text file (UTF-8, UTF-16 or Windows-1252), read with FastCSV: header first, then data records,
 * skipping records whose cells are all blank. Every way the file can be unreadable surfaces as
 * {@link EmptyFile}, {@link NoDataRows} or {@link MalformedFile} naming the line.
 */
public final class CsvSource implements Closeable {

    private static final int SAMPLE_BYTES = 64 * 1024;
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    private static final Pattern RAGGED = Pattern.compile("has (\\d+) fields, but first record had (\\d+) fields");

    private final CountingInputStream bytes;
    private final Charset charset;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final List<String> header;
    private long line = 1;

    private CsvSource(Path file, Dialect dialect) throws IOException {
        this.bytes = new CountingInputStream(Files.newInputStream(file));
        InputStream in = new BufferedInputStream(bytes);
        in.skipNBytes(dialect.encoding().bomLength());
        this.charset = dialect.encoding().charset();
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.reader = CsvReader.builder()
                .fieldSeparator(dialect.delimiter())
                .skipEmptyLines(true)
                .ofCsvRecord(new InputStreamReader(in, decoder));
        this.records = reader.iterator();
        var first = nextRecord(true);
        if (first == null) {
            close();
            throw new EmptyFile();
        }
        this.header = first.getFields();
    }

    /**
     * How a file is written: its encoding and field delimiter.
     *
     * @param encoding the character encoding, with the length of its byte order mark
     */
    public record Dialect(TextEncoding encoding, char delimiter) {}

    /**
     * Opens a file whose dialect was sniffed, positioned after its header.
     *
     * @throws EmptyFile when it has no header either
     */
    public static CsvSource open(Path file, Dialect dialect) throws IOException {
        return new CsvSource(file, dialect);
    }

    /**
     * The encoding and field delimiter of a file, from its first 64 KiB; refuses files that are
     * empty or binary.
     */
    public static Dialect sniff(Path file) throws IOException {
        byte[] sample;
        long size = Files.size(file);
        try (var in = Files.newInputStream(file)) {
            sample = in.readNBytes(SAMPLE_BYTES);
        }
        boolean complete = sample.length == size;
        var encoding = TextEncoding.detect(sample, complete);
        var text = encoding.decodeSample(sample);
        if (text.isBlank()) {
            throw new EmptyFile();
        }
        return new Dialect(encoding, DelimiterSniffer.sniff(text, complete));
    }

    /** The header row as written in the file. */
    public List<String> header() {
        return header;
    }

    /** The next data record, or null at the end of the file. */
    public @Nullable CsvRecord next() {
        return nextRecord(false);
    }

    /** The line the last record returned started on. */
    public long line() {
        return line;
    }

    /** Bytes of the file consumed so far (read ahead in buffers, so approximate). */
    public long bytesRead() {
        return bytes.count();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private @Nullable CsvRecord nextRecord(boolean header) {
        try {
            while (records.hasNext()) {
                var record = records.next();
                line = record.getStartingLineNumber();
                if (header || !allBlank(record)) {
                    checkText(record);
                    return record;
                }
            }
            return null;
        } catch (CsvParseException e) {
            throw new MalformedFile(lineOf(e), reason(e), e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new MalformedFile(
                        line + 1,
                        "The file is not valid " + charset.displayName(Locale.ROOT)
                                + " text past its start (mixed encodings?); save it as UTF-8",
                        e);
            }
            throw e;
        }
    }

    private void checkText(CsvRecord record) {
        for (var field : record.getFields()) {
            if (field.indexOf('\0') >= 0) {
                throw new MalformedFile(line, "A cell holds a NUL character; the file looks binary", null);
            }
        }
    }

    private static boolean allBlank(CsvRecord record) {
        for (var field : record.getFields()) {
            if (!field.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private long lineOf(CsvParseException e) {
        var matcher = LINE.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : line + 1;
    }

    /** FastCSV's own wording of the problem, which is precise ("Record 3 has 1 fields, but..."). */
    private static String reason(CsvParseException e) {
        var cause = e.getCause();
        var message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        if (message == null) {
            return "The file cannot be parsed";
        }
        var ragged = RAGGED.matcher(message);
        return ragged.find()
                ? "the row has " + ragged.group(1) + " fields where the header has " + ragged.group(2)
                : message;
    }
}
