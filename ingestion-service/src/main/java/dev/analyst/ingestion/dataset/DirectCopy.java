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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path for clean delimited text: PostgreSQL parses the file itself, as {@code psql \copy}
 * would, while the service only hands the bytes on. It applies when a sample of the first rows types
 * every column with values PostgreSQL reads as written (plain numbers, ISO dates, text), and the file
 * is read by COPY record for record as by this service's parser.
 *
 * <p>A later value COPY refuses (a word in a number column, a ragged row, a broken quote, a NUL)
 * rolls the attempt back to where it started, and the caller loads the file on the general path,
 * which types every value, converts what needs converting and names the line of a real problem.
 * Values COPY takes are the values that path would load, with two exceptions: a cell of only spaces
 * in a text column is kept rather than read as null, and so are rows whose cells are all blank
 * unless every cell is empty (those are removed, as the general path skips them).
 */
final class DirectCopy {

    private static final Logger log = LoggerFactory.getLogger(DirectCopy.class);

    private DirectCopy() {}

    /**
     * Stages the file through a direct COPY, if it qualifies.
     *
     * @return the staged table (whose nullability and top values are for the profile to tell: no
     *     value went through this service), or empty when the file does not qualify or COPY refused a
     *     value, leaving the transaction as it was
     */
    static Optional<StagingLoad.Staged> stage(
            Connection connection,
            String schema,
            TabularSource source,
            StagingLoad.Settings settings,
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
        var relation = quote(schema) + "." + quote(table);
        var before = connection.setSavepoint();
        try (var statement = connection.createStatement()) {
            statement.execute(StagingTables.create(relation, sample.typings));
            var columns = String.join(
                    ", ",
                    IntStream.range(0, sample.typings.size())
                            .mapToObj(i -> quote(StagingTables.provisional(i)))
                            .toList());
            // FREEZE, as in StagingLoad: the table is this subtransaction's own.
            long copied;
            long empty;
            try (var in =
                    new Checked(text.openRaw(), text.delimiter(), sample, settings.progressEveryRows(), progress)) {
                copied = connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn(
                                "COPY " + relation + " (" + columns + ") FROM STDIN (" + options.get()
                                        + ", FORCE_NULL (" + columns + "), FREEZE true)",
                                in,
                                1 << 16);
                empty = in.emptyRecords;
            }
            // The general path skips records whose cells are all empty; COPY made them rows of nulls.
            long blank = empty == 0
                    ? 0
                    : statement.executeUpdate("DELETE FROM " + relation + " WHERE ROW(" + columns + ") IS NULL");
            long rows = copied - blank;
            if (rows == 0) {
                connection.rollback(before);
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
            connection.releaseSavepoint(before);
            log.info("Copied {} rows into {} directly: PostgreSQL parsed the file", rows, relation);
            return Optional.of(new StagingLoad.Staged(new TableScan(0, null, scanned, rows, 0), table, null, false));
        } catch (NotDirect e) {
            connection.rollback(before);
            log.info("A direct COPY of the file stopped at {}; loading it on the general path", e.getMessage());
            return Optional.empty();
        } catch (PSQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) {
                throw e;
            }
            connection.rollback(before);
            log.info(
                    "A direct COPY of the file stopped ({}); loading it on the general path",
                    e.getServerErrorMessage() == null
                            ? e.getMessage()
                            : e.getServerErrorMessage().getMessage());
            return Optional.empty();
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
     * Follows the CSV text on its way to COPY, byte by byte: counts records, to report progress in
     * rows, and checks every value of a typed column with the {@link TypeInference} the sample began.
     * PostgreSQL is lenient where this service is strict ({@code 05/01/2024} is a date to both, but not
     * the same date), so a value whose typing differs from the column's stops the copy before
     * PostgreSQL reads it. Text columns are not looked at, beyond following their quotes.
     */
    private static final class Checked extends java.io.FilterInputStream {

        private static final int MAX_TYPED_BYTES = 64;

        private final byte delimiter;
        private final List<TypeInference> inferences;
        private final List<Typing> typings;
        private final int every;
        private final StagingLoad.Progress progress;
        private final byte[] value = new byte[MAX_TYPED_BYTES];
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

        Checked(java.io.InputStream in, char delimiter, Sample sample, int every, StagingLoad.Progress progress) {
            super(in);
            this.delimiter = (byte) delimiter;
            this.inferences = sample.inferences;
            this.typings = sample.typings;
            this.every = every;
            this.progress = progress;
            startField();
        }

        @Override
        public int read() throws IOException {
            var one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = super.read(bytes, offset, length);
            int end = offset + Math.max(read, 0);
            int i = offset;
            while (i < end) {
                // Most bytes are inside text values no one looks at: skip them in a tight loop.
                if (!collecting) {
                    if (quoted && !quotePending) {
                        int start = i;
                        while (i < end && bytes[i] != '"') {
                            i++;
                        }
                        recordHasContent |= i > start;
                    } else if (!quoted) {
                        while (i < end) {
                            byte b = bytes[i];
                            if (b == delimiter || b == '\n' || b == '"') {
                                break;
                            }
                            fieldStarted = true;
                            recordHasContent |= b != '\r';
                            i++;
                        }
                    }
                    if (i == end) {
                        break;
                    }
                }
                accept(bytes[i++]);
            }
            return read;
        }

        private void accept(byte b) throws NotDirect {
            if (quoted) {
                if (quotePending) {
                    quotePending = false;
                    if (b == '"') {
                        append(b); // "" inside quotes is one quote
                        return;
                    }
                    quoted = false; // the quote closed the field's quoted part; b goes on below
                } else if (b == '"') {
                    quotePending = true;
                    return;
                } else {
                    append(b);
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
                append(b);
            }
        }

        private void append(byte b) throws NotDirect {
            fieldStarted = true;
            recordHasContent |= b != '\r';
            if (!collecting) {
                return;
            }
            if (length == MAX_TYPED_BYTES) {
                throw new NotDirect(
                        "a value too long for a " + typings.get(field).type().sql() + " column");
            }
            value[length++] = b;
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
                int end = length > 0 && value[length - 1] == '\r' ? length - 1 : length;
                var cell = new String(value, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
                var inference = inferences.get(field);
                inference.accept(cell);
                var typing = typings.get(field);
                if (!TypeInference.isNull(cell) && !typing.isReadBy(inference)) {
                    throw new NotDirect("\"" + cell + "\" in a " + typing.type().sql() + " column");
                }
            }
            field++;
            startField();
        }

        private void endRecord() {
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
}
