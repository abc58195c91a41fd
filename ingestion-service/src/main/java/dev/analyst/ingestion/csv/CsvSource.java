package dev.analyst.ingestion.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.analyst.ingestion.source.UploadedFile;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
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
    private static final Pattern TOO_MANY_FIELDS = Pattern.compile("maximum limit of (\\d+) fields");

    /** FastCSV's default; the widest header is refused far below it (PostgreSQL's 1600 columns). */
    public static final int DEFAULT_MAX_FIELD_CHARS = 16 * 1024 * 1024;

    private final CountingInputStream bytes;
    private final Charset charset;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final List<String> header;
    private final Options options;
    private final @Nullable QuoteTracker quotes;
    private long line = 1;

    private CsvSource(UploadedFile file, Dialect dialect, Options options) throws IOException {
        this.options = options;
        this.bytes = new CountingInputStream(file.open());
        InputStream in = new BufferedInputStream(bytes);
        in.skipNBytes(dialect.encoding().bomLength());
        this.charset = dialect.encoding().charset();
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        java.io.Reader text = new InputStreamReader(in, decoder);
        this.quotes = options.trackQuotes() ? new QuoteTracker(text, dialect.delimiter()) : null;
        this.reader = CsvReader.builder()
                .fieldSeparator(dialect.delimiter())
                .skipEmptyLines(true)
                // A field longer than this fails naming its line, instead of growing the buffer to
                // the end of the file (an unclosed quote in a large file ends here too).
                .maxBufferSize(options.maxFieldChars())
                .allowExtraFields(options.toleratesRaggedRows())
                .allowMissingFields(options.toleratesRaggedRows())
                .ofCsvRecord(quotes != null ? quotes : text);
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
     * How strictly a file is read.
     *
     * @param maxFieldChars the longest field, in characters; longer ones fail naming the line
     * @param trackQuotes whether to follow quoting to report a quote never closed (costs a pass over
     *     every character: the first complete pass does it, later ones need not)
     * @param toleratesRaggedRows whether rows with another number of fields than the header are
     *     returned (to be quarantined) rather than failing the read
     */
    public record Options(int maxFieldChars, boolean trackQuotes, boolean toleratesRaggedRows) {

        /** Strict reading with FastCSV's default field limit. */
        public static final Options STRICT = new Options(DEFAULT_MAX_FIELD_CHARS, true, false);
    }

    /**
     * Opens a file whose dialect was sniffed, positioned after its header.
     *
     * @throws EmptyFile when it has no header either
     */
    public static CsvSource open(Path file, Dialect dialect) throws IOException {
        return new CsvSource(UploadedFile.complete(file), dialect, Options.STRICT);
    }

    /** Opens a file read with {@code options}, positioned after its header. */
    public static CsvSource open(UploadedFile file, Dialect dialect, Options options) throws IOException {
        return new CsvSource(file, dialect, options);
    }

    /**
     * The encoding and field delimiter of a file, from its first 64 KiB; refuses files that are
     * empty or binary.
     */
    public static Dialect sniff(Path file) throws IOException {
        return sniff(UploadedFile.complete(file));
    }

    /** {@link #sniff(Path)} for a file that may still be arriving: waits for its first 64 KiB. */
    public static Dialect sniff(UploadedFile file) throws IOException {
        byte[] sample;
        boolean complete;
        try (var in = file.open()) {
            sample = in.readNBytes(SAMPLE_BYTES);
            complete = in.read() < 0;
        }
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
            checkQuotesClosed();
            return null;
        } catch (CsvParseException e) {
            // A quote left open reads to the end of the file, where the row may look ragged or the
            // field too long: the open quote is the problem to report.
            checkQuotesClosed();
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

    private void checkQuotesClosed() {
        long strayCr = quotes == null ? 0 : quotes.misreadCarriageReturnLine();
        if (strayCr > 0) {
            throw new MalformedFile(
                    strayCr,
                    "A quoted field holds a carriage return without a line feed, which cannot be read"
                            + " reliably in a file whose lines end with LF; save it with CRLF line endings",
                    null);
        }
        long opened = quotes == null ? 0 : quotes.unterminatedQuoteLine();
        if (opened > 0) {
            throw new MalformedFile(
                    opened,
                    "A quoted field opens on this line and is never closed (a missing \" reads the rest of"
                            + " the file as one cell)",
                    null);
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
        if (matcher.find()) {
            return Long.parseLong(matcher.group(1));
        }
        var cause = e.getCause() == null
                ? null
                : LINE.matcher(String.valueOf(e.getCause().getMessage()));
        return cause != null && cause.find() ? Long.parseLong(cause.group(1)) : line + 1;
    }

    /** FastCSV's own wording of the problem, which is precise ("Record 3 has 1 fields, but..."). */
    private String reason(CsvParseException e) {
        var cause = e.getCause();
        var message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        if (message == null) {
            return "The file cannot be parsed";
        }
        if (message.contains("maximum buffer size")) {
            return "A field is longer than the limit of " + options.maxFieldChars()
                    + " characters (or a quote is never closed)";
        }
        var fields = TOO_MANY_FIELDS.matcher(message);
        if (fields.find()) {
            return "The row has more than " + fields.group(1) + " fields";
        }
        var ragged = RAGGED.matcher(message);
        return ragged.find()
                ? "the row has " + ragged.group(1) + " fields where the header has " + ragged.group(2)
                : message;
    }
}
