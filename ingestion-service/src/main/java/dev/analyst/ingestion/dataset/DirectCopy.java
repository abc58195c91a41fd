package dev.analyst.ingestion.dataset;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.ingestion.csv.ScannedColumn;
import dev.analyst.ingestion.csv.TypeInference;
import dev.analyst.ingestion.csv.Typing;
import dev.analyst.ingestion.csv.ValueStyle;
import dev.analyst.ingestion.source.CopyableText;
import dev.analyst.ingestion.source.RowSink;
import dev.analyst.ingestion.source.TableScan;
import dev.analyst.ingestion.source.TabularSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path for clean delimited text: PostgreSQL parses the file itself, as {@code psql \copy}
 * would, while the service only checks the bytes and hands them on, cut into chunks of whole records
 * that several connections copy at once ({@link ParallelCopy}). It applies when a sample of the first
 * rows types every column with values PostgreSQL reads as written (plain numbers, ISO dates, text),
 * and the file is read by COPY record for record as by this service's parser.
 *
 * <p>A later value COPY refuses (a word in a number column, a ragged row, a broken quote, a NUL)
 * drops what was copied, and the caller loads the file on the general path, which types every value,
 * converts what needs converting and names the line of a real problem. Values COPY takes are the
 * values that path would load, with two exceptions: a cell of only spaces in a text column is kept
 * rather than read as null, and so are rows whose cells are all blank unless every cell is empty
 * (those are removed, as the general path skips them). Rows are stored in the order the chunks
 * arrive, not strictly the file's: a table has no order but the one a query asks for.
 */
final class DirectCopy {

    private static final Logger log = LoggerFactory.getLogger(DirectCopy.class);

    /** Bytes read from the file at a time. */
    private static final int BLOCK = 1 << 16;

    /**
     * The longest record a chunk may grow to hold; a longer one (a huge quoted text) goes the general
     * path, which enforces the field size limit and names the line.
     */
    private static final int MAX_RECORD_BYTES = 16 << 20;

    private DirectCopy() {}

    /**
     * Where the copying happens.
     *
     * @param dataSource the pool the copy's connections come from (beyond the load's own)
     * @param connections how many connections copy at once
     * @param chunkBytes the size of the chunks of whole records the file is cut into
     */
    record Workers(DataSource dataSource, int connections, int chunkBytes) {}

    /**
     * Stages the file through a direct COPY, if it qualifies. The staged table is moved into
     * {@code schema} inside {@code connection}'s transaction; should that roll back, it is left in
     * {@link StagingTables#PRIVATE_SCHEMA} for {@link StagingTables#dropAbandoned}.
     *
     * @return the staged table (whose nullability and top values are for the profile to tell: no
     *     value went through this service), or empty when the file does not qualify or COPY refused a
     *     value, leaving nothing behind
     */
    static Optional<StagingLoad.Staged> stage(
            Connection connection,
            String schema,
            TabularSource source,
            StagingLoad.Settings settings,
            Workers workers,
            StagingLoad.Progress progress)
            throws IOException, SQLException {
        if (!(source instanceof CopyableText text)) {
            return Optional.empty();
        }
        var options = text.copyOptions();
        if (options.isEmpty()) {
            return Optional.empty();
        }
        var sample = Sample.of(source, settings);
        if (sample == null) {
            return Optional.empty();
        }
        var header = text.header();
        if (header.size() != sample.typings.size()) {
            return Optional.empty();
        }
        var table = StagingTables.newName();
        var staging = quote(StagingTables.PRIVATE_SCHEMA) + "." + quote(table);
        var columns = String.join(
                ", ",
                IntStream.range(0, sample.typings.size())
                        .mapToObj(i -> quote(StagingTables.provisional(i)))
                        .toList());
        StagingTables.claim(connection, table);
        Scanner scanner;
        long copied;
        try (var copy = ParallelCopy.start(
                        workers.dataSource(),
                        staging,
                        StagingTables.create(staging, sample.typings),
                        "COPY " + staging + " (" + columns + ") FROM STDIN (" + options.get() + ", FORCE_NULL ("
                                + columns + "))",
                        workers.connections());
                var in = text.openRaw()) {
            scanner = new Scanner(text.delimiter(), sample, settings.progressEveryRows(), progress);
            scanner.scan(in, workers.chunkBytes(), copy);
            copied = copy.finish();
            if (copied != scanner.records) {
                // A line of just \. ends COPY's data early (PostgreSQL 17 and older), without an error.
                throw new NotDirect(scanner.records + " records, of which COPY read " + copied);
            }
            copy.keep();
        } catch (NotDirect e) {
            log.info("A direct COPY of the file stopped at {}; loading it on the general path", e.getMessage());
            return Optional.empty();
        } catch (PSQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) {
                throw e;
            }
            log.info(
                    "A direct COPY of the file stopped ({}); loading it on the general path",
                    e.getServerErrorMessage() == null
                            ? e.getMessage()
                            : e.getServerErrorMessage().getMessage());
            return Optional.empty();
        }
        var relation = quote(schema) + "." + quote(table);
        try (var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + staging + " SET SCHEMA " + quote(schema));
            // The general path skips records whose cells are all empty; COPY made them rows of nulls.
            long blank = scanner.emptyRecords == 0
                    ? 0
                    : statement.executeUpdate("DELETE FROM " + relation + " WHERE ROW(" + columns + ") IS NULL");
            long rows = copied - blank;
            if (rows == 0) {
                statement.execute("DROP TABLE " + relation);
                return Optional.empty(); // the general path says what is wrong with a file without rows
            }
            var named = StagingTables.nameColumns(statement, relation, header, header.size());
            var scanned = new ArrayList<ScannedColumn>(header.size());
            for (int i = 0; i < header.size(); i++) {
                var typing = sample.typings.get(i);
                scanned.add(new ScannedColumn(
                        named.names().get(i), named.labels().get(i), typing.type(), true, List.of(), typing.style()));
            }
            progress.rowsLoaded(rows);
            log.info(
                    "Copied {} rows into {} directly over {} connection(s): PostgreSQL parsed the file",
                    rows,
                    relation,
                    workers.connections());
            return Optional.of(new StagingLoad.Staged(new TableScan(0, null, scanned, rows, 0), table, null, false));
        }
    }

    /** The typing of each column from the first rows, if every column is read by PostgreSQL as written. */
    private static final class Sample implements RowSink {

        private final int limit;
        private final List<TypeInference> inferences = new ArrayList<>();
        private final List<Typing> typings = new ArrayList<>();
        private long rows;

        private Sample(int limit) {
            this.limit = limit;
        }

        static @Nullable Sample of(TabularSource source, StagingLoad.Settings settings) throws IOException {
            var sample = new Sample(settings.sampleRows());
            try {
                source.read(sample);
            } catch (Enough enough) {
                // The sample is complete; the rest of the file is COPY's to read.
            }
            if (sample.rows == 0) {
                return null;
            }
            for (var inference : sample.inferences) {
                if (!inference.sawValue()) {
                    return null; // a column empty so far may hold numbers later, which text would hide
                }
                var typing = Typing.of(inference);
                if (typing.style() != ValueStyle.TRIMMED && typing.style() != ValueStyle.VERBATIM) {
                    return null; // grouped numbers, currencies, other date formats: converted by this service
                }
                sample.typings.add(typing);
            }
            return sample;
        }

        @Override
        public void startTable(@Nullable String label) {}

        @Override
        public void row(List<@Nullable String> cells) throws IOException {
            while (inferences.size() < cells.size()) {
                var inference = new TypeInference();
                inference.acceptNulls(rows);
                inferences.add(inference);
            }
            for (int i = 0; i < inferences.size(); i++) {
                inferences.get(i).accept(i < cells.size() ? cells.get(i) : null);
            }
            if (++rows >= limit) {
                throw new Enough();
            }
        }

        @Override
        public void endTable(List<String> header) {}
    }

    /** Stops the sample's read; an {@link IOException} because sources let those through. */
    private static final class Enough extends IOException {
        Enough() {
            super("The sample is complete", null);
        }
    }

    /** A value that must not reach COPY: PostgreSQL could read it otherwise than this service would. */
    private static final class NotDirect extends IOException {
        NotDirect(String message) {
            super(message, null);
        }
    }

    /**
     * Reads the CSV text on its way to COPY, byte by byte: takes the header line off, cuts the rest
     * into chunks of whole records for the copy's connections, counts records, to report progress in
     * rows, and checks every value of a typed column with the {@link TypeInference} the sample began.
     * PostgreSQL is lenient where this service is strict ({@code 05/01/2024} is a date to both, but not
     * the same date), so a value whose typing differs from the column's stops the copy before
     * PostgreSQL reads it. Text columns are not looked at, beyond following their quotes.
     */
    private static final class Scanner {

        private static final int MAX_TYPED_BYTES = 64;

        private final byte delimiter;
        private final List<TypeInference> inferences;
        private final List<Typing> typings;
        private final int every;
        private final StagingLoad.Progress progress;
        private final byte[] value = new byte[MAX_TYPED_BYTES];
        private final Latin1 cell = new Latin1(value);
        private final byte[] single = new byte[1];
        private int length;
        private boolean collecting;
        private int field;
        private boolean fieldStarted;
        private boolean quoted;
        private boolean quotePending;
        private boolean header = true;
        private long records;
        /** Records whose every cell was empty: rows of nulls to COPY, skipped by the general path. */
        private long emptyRecords;

        private boolean recordHasContent;
        /** Set when the byte just accepted ended a record. */
        private boolean recordEnded;
        /** Where the last whole record of the chunk being filled ends. */
        private int recordsEnd;

        Scanner(char delimiter, Sample sample, int every, StagingLoad.Progress progress) {
            this.delimiter = (byte) delimiter;
            this.inferences = sample.inferences;
            this.typings = sample.typings;
            this.every = every;
            this.progress = progress;
            startField();
        }

        /**
         * Reads {@code in} to its end, sending chunks of about {@code chunkBytes} (whole records, the
         * header left out) to {@code copy}.
         */
        void scan(InputStream in, int chunkBytes, ParallelCopy copy) throws IOException, SQLException {
            var chunk = copy.buffer(chunkBytes + BLOCK);
            int filled = 0;
            boolean start = true;
            while (true) {
                if (filled + BLOCK > chunk.length) {
                    if (chunk.length + BLOCK > MAX_RECORD_BYTES + chunkBytes) {
                        throw new NotDirect("a record longer than " + (MAX_RECORD_BYTES >> 20) + " MiB");
                    }
                    chunk = Arrays.copyOf(chunk, chunk.length * 2); // one record longer than a chunk
                }
                int read = in.read(chunk, filled, BLOCK);
                if (read < 0) {
                    break;
                }
                // A UTF-8 byte order mark is no part of the header's first field (which may be quoted).
                int from = start
                                && read >= 3
                                && (chunk[0] & 0xFF) == 0xEF
                                && (chunk[1] & 0xFF) == 0xBB
                                && (chunk[2] & 0xFF) == 0xBF
                        ? 3
                        : filled;
                start = false;
                filled = scan(chunk, from, filled + read);
                if (recordsEnd >= chunkBytes || (recordsEnd > 0 && filled + BLOCK > chunk.length)) {
                    var full = chunk;
                    chunk = copy.buffer(Math.max(chunkBytes + BLOCK, filled - recordsEnd + BLOCK));
                    System.arraycopy(full, recordsEnd, chunk, 0, filled - recordsEnd);
                    filled -= recordsEnd;
                    copy.send(full, recordsEnd);
                    recordsEnd = 0;
                }
            }
            if (fieldStarted || field > 0 || quoted) {
                // The last record has no line end: it ends with the file.
                if (header) {
                    return; // a header and no records
                }
                if (quoted && !quotePending) {
                    throw new NotDirect("a quoted field the file ends in");
                }
                quoted = false;
                quotePending = false;
                endField();
                endRecord();
            }
            if (filled > 0) {
                copy.send(chunk, filled);
            }
        }

        /**
         * Scans {@code bytes} from {@code from} to {@code end}, noting where records end; takes the
         * header line off the front when it ends here.
         *
         * @return where the bytes kept now end
         */
        private int scan(byte[] bytes, int from, int end) throws NotDirect {
            int i = from;
            while (i < end) {
                // Runs of bytes inside a value, up to the next byte that matters, in a tight loop.
                int start = i;
                if (!quoted) {
                    while (i < end) {
                        byte b = bytes[i];
                        if (b == delimiter || b == '\n' || b == '"') {
                            break;
                        }
                        recordHasContent |= b != '\r';
                        i++;
                    }
                    fieldStarted |= i > start;
                } else if (!quotePending) {
                    while (i < end && bytes[i] != '"') {
                        i++;
                    }
                    recordHasContent |= i > start;
                }
                if (collecting && i > start) {
                    append(bytes, start, i - start);
                }
                if (i < end) {
                    boolean wasHeader = header;
                    accept(bytes[i++]);
                    if (recordEnded) {
                        recordEnded = false;
                        if (wasHeader) {
                            // COPY gets records only: the header (and a byte order mark) stays here.
                            System.arraycopy(bytes, i, bytes, 0, end - i);
                            end -= i;
                            i = 0;
                        } else {
                            recordsEnd = i;
                        }
                    }
                }
            }
            return end;
        }

        /** A byte that ends a run: a delimiter, a line end or a quote, or the one after a quote. */
        private void accept(byte b) throws NotDirect {
            if (quoted) {
                if (quotePending) {
                    quotePending = false;
                    if (b == '"') {
                        recordHasContent = true;
                        if (collecting) {
                            append(bytes(b), 0, 1); // "" inside quotes is one quote
                        }
                        return;
                    }
                    quoted = false; // the quote closed the field's quoted part; b goes on below
                } else {
                    quotePending = true; // b is a quote: the end of the quoted part, or half of ""
                    return;
                }
            }
            if (b == delimiter) {
                endField();
            } else if (b == '\n') {
                endField();
                endRecord();
            } else if (b == '"') {
                if (fieldStarted) {
                    throw new NotDirect("a quote inside an unquoted field");
                }
                quoted = true;
                fieldStarted = true;
            } else {
                // After a closing quote, text before the delimiter (COPY reads it as part of the value).
                fieldStarted = true;
                recordHasContent |= b != '\r';
                if (collecting) {
                    append(bytes(b), 0, 1);
                }
            }
        }

        private byte[] bytes(byte b) {
            single[0] = b;
            return single;
        }

        private void append(byte[] bytes, int from, int count) throws NotDirect {
            if (length + count > MAX_TYPED_BYTES) {
                throw new NotDirect(
                        "a value too long for a " + typings.get(field).type().sql() + " column");
            }
            System.arraycopy(bytes, from, value, length, count);
            length += count;
        }

        private void startField() {
            length = 0;
            fieldStarted = false;
            collecting = !header
                    && field < typings.size()
                    && typings.get(field).type() != dev.analyst.ingestion.csv.ColumnType.TEXT;
        }

        private void endField() throws NotDirect {
            if (collecting) {
                cell.length = length > 0 && value[length - 1] == '\r' ? length - 1 : length;
                var typing = typings.get(field);
                // Most cells are empty or plainly of the column's type; only the others need a string.
                if (cell.length > 0 && !typing.surelyReads(cell)) {
                    var text = cell.toString();
                    var inference = inferences.get(field);
                    inference.accept(text);
                    if (!TypeInference.isNull(text) && !typing.isReadBy(inference)) {
                        throw new NotDirect(
                                "\"" + text + "\" in a " + typing.type().sql() + " column");
                    }
                }
            }
            field++;
            startField();
        }

        private void endRecord() {
            recordEnded = true;
            if (header) {
                header = false;
            } else {
                if (!recordHasContent) {
                    emptyRecords++;
                }
                if (++records % every == 0) {
                    progress.rowsLoaded(records);
                }
            }
            recordHasContent = false;
            field = 0;
            startField();
        }
    }

    /** The bytes of a cell as characters, in place: CSV's structure is ASCII, values are checked as such. */
    private static final class Latin1 implements CharSequence {

        private final byte[] bytes;
        private int length;

        Latin1(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes[index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
