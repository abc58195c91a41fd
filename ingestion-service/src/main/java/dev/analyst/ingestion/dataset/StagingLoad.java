package dev.analyst.ingestion.dataset;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.CopyEncoder;
import dev.analyst.ingestion.csv.EmptyFile;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.NoDataRows;
import dev.analyst.ingestion.csv.ScannedColumn;
import dev.analyst.ingestion.csv.TypeInference;
import dev.analyst.ingestion.csv.Typing;
import dev.analyst.ingestion.csv.ValueFrequencies;
import dev.analyst.ingestion.csv.ValueStyle;
import dev.analyst.ingestion.source.FileScan;
import dev.analyst.ingestion.source.RowSink;
import dev.analyst.ingestion.source.TableScan;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * One pass over a file that writes each of its tables into a staging table while reading it, so a
 * file is read once and PostgreSQL works while the file is still being parsed.
 *
 * <p>A table's columns are typed from a sample of its first rows, then the sample and every row after
 * it go through COPY. Every value still passes through its column's {@link TypeInference}: a later
 * value that needs a wider type alters the column in place when the rows already loaded keep their
 * meaning (see {@link Typing}); otherwise the pass stops with {@link SampleMisjudged} and the caller
 * loads the file again with the types of the whole file ({@link #exact}), which can never change.
 *
 * <p>Columns are created under provisional names and renamed when the table ends ({@link
 * StagingTables}). Staging tables are not visible outside the load's transaction; the caller renames them into place.
 */
final class StagingLoad implements RowSink {

    /**
     * A table of the file in its staging table, with what the pass learned about it.
     *
     * @param sawEveryValue whether the scan's nullability and top values come from every value; when
     *     not (PostgreSQL parsed the file), the profile has them
     */
    record Staged(TableScan scan, String table, @Nullable String rejectedTable, boolean sawEveryValue) {}

    /**
     * How the pass types and samples.
     *
     * @param sampleRows rows read before a table's columns are typed and its COPY starts
     * @param sampleChars characters of cells that end the sample sooner (wide rows)
     */
    record Settings(
            int sampleRows,
            long sampleChars,
            int maxColumns,
            int maxDistinctValues,
            int topValues,
            int maxValueLength,
            int progressEveryRows,
            @Nullable Path tempDirectory) {}

    /** Rows loaded so far, over all tables; called every {@code progressEveryRows} rows and at each table's end. */
    @FunctionalInterface
    interface Progress {
        void rowsLoaded(long rows);
    }

    /**
     * A value the sample did not prepare for, in a way no in-place change of the column can absorb. An
     * {@link IOException} because that is what every source lets through from its sink unchanged.
     */
    static final class SampleMisjudged extends IOException {
        SampleMisjudged(String message) {
            super(message);
        }
    }

    private final Connection connection;
    private final CopyManager copies;
    private final String schema;
    private final Settings settings;
    private final @Nullable FileScan exact;
    private final Progress progress;
    private final List<Staged> staged = new ArrayList<>();
    private int sourceIndex = -1;
    private boolean sawHeader;
    private long rowsBefore;
    private @Nullable TableWriter table;

    /**
     * @param exact the types of the whole file from a first pass, or null to type from samples
     */
    StagingLoad(Connection connection, String schema, Settings settings, @Nullable FileScan exact, Progress progress)
            throws SQLException {
        this.connection = connection;
        this.copies = connection.unwrap(PGConnection.class).getCopyAPI();
        this.schema = schema;
        this.settings = settings;
        this.exact = exact;
        this.progress = progress;
    }

    /**
     * The tables that held data, in file order, once the source was read into this sink.
     *
     * @throws EmptyFile when the file had nothing in it
     * @throws NoDataRows when it had headers but no data rows
     */
    List<Staged> staged() {
        if (staged.isEmpty()) {
            throw sawHeader ? new NoDataRows() : new EmptyFile();
        }
        return List.copyOf(staged);
    }

    @Override
    public void startTable(@Nullable String label) {
        sourceIndex++;
        TableScan known = null;
        if (exact != null) {
            known = exact.tables().stream()
                    .filter(scanned -> scanned.index() == sourceIndex)
                    .findFirst()
                    .orElse(null);
        }
        // With exact types, a table the first pass left out (an empty sheet) is skipped.
        table = exact != null && known == null ? null : new TableWriter(label, known);
    }

    @Override
    public void row(List<@Nullable String> cells) throws IOException {
        if (table != null) {
            table.row(cells);
        }
    }

    @Override
    public void rejected(long line, String text) throws IOException {
        if (table != null) {
            table.reject(line, text);
        }
    }

    @Override
    public void endTable(List<String> header) throws IOException {
        sawHeader |= !header.isEmpty();
        var ending = table;
        table = null;
        if (ending != null) {
            ending.end(header);
        }
    }

    /** Ends a COPY a failure interrupted, so the connection can go on; drops spooled rejected rows. */
    void cancel() {
        var active = table;
        if (active != null) {
            active.cancel();
        }
    }

    /** A column during the pass: what its values were so far, and how it is created now. */
    private static final class Column {
        final TypeInference inference = new TypeInference();
        final ValueFrequencies frequencies;
        Typing typing = Typing.EMPTY;
        boolean hasValues;

        Column(Settings settings) {
            frequencies = new ValueFrequencies(settings.maxDistinctValues(), settings.maxValueLength());
        }

        /** Reads a cell; whether it was a value (not null). */
        boolean accept(@Nullable String cell) {
            inference.accept(cell);
            if (TypeInference.isNull(cell)) {
                return false;
            }
            frequencies.accept(cell);
            return true;
        }

        /** Whether the values so far still fit the column as created (the common case, and cheap). */
        boolean fits() {
            if (typing.isReadBy(inference)) {
                return true;
            }
            var seen = Typing.of(inference);
            return hasValues ? typing.holds(seen) : typing.equals(seen);
        }
    }

    /** One table of the file on its way into a staging table. */
    private final class TableWriter {

        private final @Nullable String label;
        private final @Nullable TableScan known;
        private final List<Column> columns = new ArrayList<>();
        private @Nullable List<List<@Nullable String>> sample = new ArrayList<>();
        private long sampleChars;
        private long rows;
        private long rejectedRows;
        private @Nullable String name;
        private @Nullable CopyIn copy;
        private final CopyEncoder encoder = new CopyEncoder(this::send);
        private @Nullable Path rejectedFile;
        private @Nullable OutputStream rejectedOut;
        private @Nullable CopyEncoder rejectedEncoder;

        TableWriter(@Nullable String label, @Nullable TableScan known) {
            this.label = label;
            this.known = known;
        }

        void row(List<@Nullable String> cells) throws IOException {
            widen(cells.size());
            rows++;
            var buffered = sample;
            if (buffered != null) {
                for (int i = 0; i < columns.size(); i++) {
                    var cell = i < cells.size() ? cells.get(i) : null;
                    if (columns.get(i).accept(cell) && cell != null) {
                        sampleChars += cell.length();
                    }
                }
                buffered.add(Arrays.asList(cells.toArray(String[]::new)));
                if (known != null
                        || buffered.size() >= settings.sampleRows()
                        || sampleChars >= settings.sampleChars()) {
                    open();
                }
            } else {
                List<Column> changed = null;
                for (int i = 0; i < columns.size(); i++) {
                    var column = columns.get(i);
                    if (column.accept(i < cells.size() ? cells.get(i) : null) && known == null && !column.fits()) {
                        if (changed == null) {
                            changed = new ArrayList<>(2);
                        }
                        changed.add(column);
                    }
                }
                if (changed != null) {
                    alter(changed);
                }
                write(cells);
            }
            if (rows % settings.progressEveryRows() == 0) {
                progress.rowsLoaded(rowsBefore + rows);
            }
        }

        void reject(long line, String text) throws IOException {
            if (rejectedEncoder == null) {
                var directory = settings.tempDirectory();
                rejectedFile = directory == null
                        ? Files.createTempFile(LeftoverSpools.REJECTED_PREFIX, ".tmp")
                        : Files.createTempFile(directory, LeftoverSpools.REJECTED_PREFIX, ".tmp");
                var out = new BufferedOutputStream(Files.newOutputStream(rejectedFile), 1 << 16);
                rejectedOut = out;
                rejectedEncoder = new CopyEncoder(out::write);
            }
            rejectedRows++;
            rejectedEncoder.value(Long.toString(line));
            rejectedEncoder.text(text);
            rejectedEncoder.endRow();
        }

        void end(List<String> header) throws IOException {
            widen(header.size());
            if (rows == 0) {
                cancel();
                return;
            }
            if (sample != null) {
                open();
            }
            finishCopy();
            var table = requireName();
            var rejectedTable = copyRejected(table);
            var scanned = new ArrayList<ScannedColumn>(columns.size());
            try (var statement = connection.createStatement()) {
                var named = StagingTables.nameColumns(
                        statement, quote(schema) + "." + quote(table), header, columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    var column = columns.get(i);
                    var type = column.typing.type();
                    var top =
                            type == ColumnType.TEXT ? column.frequencies.top(settings.topValues()) : List.<String>of();
                    var shown = ScannedColumn.withUnit(named.labels().get(i), column.inference.unit());
                    scanned.add(new ScannedColumn(
                            named.names().get(i), shown, type, column.inference.sawNull(), top, column.typing.style()));
                }
            } catch (SQLException e) {
                throw new IOException(e);
            }
            rowsBefore += rows;
            progress.rowsLoaded(rowsBefore);
            staged.add(new Staged(
                    new TableScan(sourceIndex, label, scanned, rows, rejectedRows), table, rejectedTable, true));
        }

        /** Types the columns (from the sample, or as the first pass found them), creates the table, copies the sample. */
        private void open() throws IOException {
            var buffered = sample;
            sample = null;
            for (int i = 0; i < columns.size(); i++) {
                var column = columns.get(i);
                if (known != null) {
                    var scanned = known.columns().get(i);
                    column.typing = new Typing(scanned.type(), scanned.style());
                } else if (!column.inference.sawValue()) {
                    column.typing = Typing.EMPTY;
                } else {
                    column.typing = Typing.of(column.inference);
                }
            }
            name = StagingTables.newName();
            execute(StagingTables.create(
                    quote(schema) + "." + quote(name),
                    columns.stream().map(column -> column.typing).toList()));
            startCopy();
            if (buffered != null) {
                for (var cells : buffered) {
                    write(cells);
                }
            }
        }

        /** Adds columns up to {@code width}; a column added late was null in the rows before it. */
        private void widen(int width) throws IOException {
            if (width <= columns.size()) {
                return;
            }
            if (width > settings.maxColumns()) {
                throw MalformedFile.tooWide(label, width, settings.maxColumns());
            }
            if (known != null && width > known.columns().size()) {
                throw new IllegalStateException("The second pass met " + width + " columns, the first "
                        + known.columns().size());
            }
            int before = columns.size();
            while (columns.size() < width) {
                var column = new Column(settings);
                column.inference.acceptNulls(rows);
                columns.add(column);
            }
            if (name != null) {
                var ddl = new StringBuilder("ALTER TABLE ")
                        .append(quote(schema))
                        .append('.')
                        .append(quote(name));
                for (int i = before; i < width; i++) {
                    if (known != null) {
                        var scanned = known.columns().get(i);
                        columns.get(i).typing = new Typing(scanned.type(), scanned.style());
                    }
                    ddl.append(i == before ? " " : ", ")
                            .append("ADD COLUMN ")
                            .append(quote(StagingTables.provisional(i)))
                            .append(' ')
                            .append(columns.get(i).typing.type().sql());
                }
                finishCopy();
                execute(ddl.toString());
                startCopy();
            }
        }

        /** Gives columns the wider types their values now need, in one rewrite of the table. */
        private void alter(List<Column> changed) throws IOException {
            var ddl = new StringBuilder("ALTER TABLE ")
                    .append(quote(schema))
                    .append('.')
                    .append(quote(requireName()));
            for (int c = 0; c < changed.size(); c++) {
                var column = changed.get(c);
                var wider = Typing.of(column.inference);
                if (column.hasValues && !column.typing.canAlterTo(wider)) {
                    throw new SampleMisjudged("Column " + (columns.indexOf(column) + 1) + " was typed " + column.typing
                            + " from the sample and needs " + wider + " at data row " + rows);
                }
                var provisional = quote(StagingTables.provisional(columns.indexOf(column)));
                ddl.append(c == 0 ? " " : ", ")
                        .append("ALTER COLUMN ")
                        .append(provisional)
                        .append(" TYPE ")
                        .append(wider.type().sql())
                        .append(" USING ")
                        .append(provisional)
                        .append("::")
                        .append(wider.type().sql());
                column.typing = wider;
            }
            finishCopy();
            execute(ddl.toString());
            startCopy();
        }

        private void write(List<@Nullable String> cells) throws IOException {
            for (int i = 0; i < columns.size(); i++) {
                var cell = i < cells.size() ? cells.get(i) : null;
                var column = columns.get(i);
                if (TypeInference.isNull(cell)) {
                    encoder.nul();
                } else if (column.typing.style() == ValueStyle.VERBATIM) {
                    encoder.text(cell);
                    column.hasValues = true;
                } else {
                    encoder.value(column.typing.style().convert(cell));
                    column.hasValues = true;
                }
            }
            encoder.endRow();
        }

        private void startCopy() throws IOException {
            var names = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                names.append(i == 0 ? "" : ", ").append(quote(StagingTables.provisional(i)));
            }
            // FREEZE: the table was created in this (sub)transaction, so no one sees its rows before the
            // commit and they can be written frozen; the first scans and autovacuum after the commit then
            // have no hint bits or freezing left to write over the whole table.
            try {
                copy = copies.copyIn("COPY " + quote(schema) + "." + quote(requireName()) + " (" + names
                        + ") FROM STDIN (FORMAT text, FREEZE true)");
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }

        private void send(byte[] bytes, int offset, int length) throws IOException {
            var active = copy;
            if (active == null) {
                throw new IllegalStateException("No COPY is under way");
            }
            try {
                active.writeToCopy(bytes, offset, length);
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }

        private void finishCopy() throws IOException {
            var active = copy;
            if (active == null) {
                return;
            }
            encoder.flush();
            try {
                active.endCopy();
            } catch (SQLException e) {
                throw new IOException(e); // still active: cancel() ends it
            }
            copy = null;
        }

        /** The spooled rejected rows in {@code <staging>__rejected}, or null when there were none. */
        private @Nullable String copyRejected(String table) throws IOException {
            var file = rejectedFile;
            var out = rejectedOut;
            if (file == null || out == null || rejectedEncoder == null) {
                return null;
            }
            rejectedEncoder.flush();
            out.close();
            rejectedOut = null;
            var rejectedTable = table + "__rejected";
            execute("CREATE TABLE " + quote(schema) + "." + quote(rejectedTable)
                    + " (line bigint NOT NULL, text text NOT NULL)");
            try (InputStream in = Files.newInputStream(file)) {
                copies.copyIn(
                        "COPY " + quote(schema) + "." + quote(rejectedTable)
                                + " (line, text) FROM STDIN (FORMAT text, FREEZE true)",
                        in);
            } catch (SQLException e) {
                throw new IOException(e);
            } finally {
                rejectedFile = null;
                Files.deleteIfExists(file);
            }
            return rejectedTable;
        }

        void cancel() {
            var active = copy;
            copy = null;
            try {
                if (active != null && active.isActive()) {
                    active.cancelCopy();
                }
            } catch (SQLException e) {
                // The transaction is rolled back anyway.
            }
            try {
                if (rejectedOut != null) {
                    rejectedOut.close();
                }
                if (rejectedFile != null) {
                    Files.deleteIfExists(rejectedFile);
                }
            } catch (IOException e) {
                // A temporary file left behind; the temp directory is cleaned by the system.
            }
        }

        private String requireName() {
            var table = name;
            if (table == null) {
                throw new IllegalStateException("The staging table was not created");
            }
            return table;
        }

        private void execute(String sql) throws IOException {
            try (var statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }
}
