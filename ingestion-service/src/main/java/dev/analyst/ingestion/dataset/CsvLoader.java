package dev.analyst.ingestion.dataset;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.csv.CopyRows;
import dev.analyst.ingestion.csv.Identifiers;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.ScannedColumn;
import dev.analyst.ingestion.events.Outbox;
import dev.analyst.ingestion.profile.Profile;
import dev.analyst.ingestion.profile.ProfiledColumn;
import dev.analyst.ingestion.profile.TableProfiler;
import dev.analyst.ingestion.source.FileScan;
import dev.analyst.ingestion.source.RowSink;
import dev.analyst.ingestion.source.TableScan;
import dev.analyst.ingestion.source.TableScanner;
import dev.analyst.ingestion.source.TabularSource;
import dev.analyst.ingestion.source.TabularSources;
import dev.analyst.ingestion.web.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads a spooled file as a new version of a dataset. Blocking: call it on a virtual thread.
 *
 * <p>Format-neutral: the file is read through a {@link TabularSource} (CSV, .xlsx, JSON Lines), as
 * one or more tables. The first pass infers each table; the second writes every row through COPY
 * into a staging table per table in the tenant's warehouse schema. Creating and filling the staging
 * tables, dropping the previous version's tables, renaming the staging tables into place, updating
 * the registry and writing the {@code DatasetReady} outbox row are one transaction: a failed or
 * interrupted load leaves no table behind and the previous version untouched.
 */
@Component
class CsvLoader {

    private static final Logger log = LoggerFactory.getLogger(CsvLoader.class);
    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)");
    /** The text of a rejected row, escaped for COPY like any text cell. */
    private static final CopyRows REJECTED_TEXT = new CopyRows(List.of(dev.analyst.ingestion.csv.ValueStyle.VERBATIM));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DatasetRegistry registry;
    private final Outbox outbox;
    private final LoadProgress loadProgress;
    private final TableScanner scanner;
    private final TabularSources sources;
    private final IngestionProperties.Load settings;
    private final MeterRegistry meters;
    private final TableProfiler profiler;
    private final @Nullable Path tempDirectory;

    CsvLoader(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            DatasetRegistry registry,
            Outbox outbox,
            LoadProgress loadProgress,
            IngestionProperties properties,
            MeterRegistry meters,
            TableProfiler profiler,
            TabularSources sources) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.registry = registry;
        this.outbox = outbox;
        this.loadProgress = loadProgress;
        this.settings = properties.load();
        this.sources = sources;
        this.scanner = new TableScanner(
                properties.upload().maxColumns(),
                settings.maxDistinctValues(),
                settings.topValues(),
                settings.maxValueLength());
        this.meters = meters;
        this.profiler = profiler;
        this.tempDirectory = properties.upload().tempDirectory();
    }

    /**
     * A request to load a file as (a new version of) the dataset {@code name}.
     *
     * @param datasetId the dataset's id: its current id when the name exists, else a new one
     * @param quarantine whether rows that do not fit ({@code onError=quarantine}) go to
     *     {@code <table>__rejected} instead of failing the load
     */
    record Request(
            Caller caller,
            UUID datasetId,
            String name,
            @Nullable String sourceFile,
            Path file,
            boolean quarantine,
            String sha256) {}

    DatasetView load(Request request) throws IOException {
        var sample = Timer.start(meters);
        var tenant = request.caller().tenantId();
        var unchanged = unchanged(request);
        if (unchanged.isPresent()) {
            return unchanged.get().toView();
        }
        var source = sources.open(request.file(), request.sourceFile(), request.quarantine());
        var scan = scanner.scan(request.file(), source);
        var previous = registry.findByName(tenant, request.name(), false);
        if (previous.isPresent() && !previous.get().kind().equals(DatasetRow.CSV)) {
            throw new DatasetNameTaken(request.name(), previous.get().kind());
        }
        var datasetId = request.datasetId();
        // The upload phase was reported when the file arrived (DatasetService); this goes on from there.
        var progress = new Progress(datasetId, tenant, scan.bytes());
        try {
            ensureSchema(request.caller().warehouseSchema());
            var row = transactions.execute(status -> loadInTransaction(request, source, scan, datasetId, progress));
            if (row == null) {
                throw new IllegalStateException("The load transaction returned nothing");
            }
            sample.stop(meters.timer("analyst.ingestion.load", "outcome", "ready"));
            meters.counter("analyst.ingestion.rows.loaded").increment(row.rowCount());
            log.info(
                    "Loaded dataset {} version {} for tenant {}: {} rows into {}.{}",
                    row.id(),
                    row.version(),
                    tenant,
                    row.rowCount(),
                    row.schemaName(),
                    row.tableName());
            return row.toView();
        } catch (RuntimeException e) {
            // DatasetService reports the failure (with those raised before this point, like a malformed file).
            sample.stop(meters.timer("analyst.ingestion.load", "outcome", "failed"));
            throw e;
        }
    }

    /**
     * The current version, when the upload is the very file it was loaded from (same SHA-256, and no
     * matter how it was asked): it stays the current version, with no copy loaded and no
     * new {@code DatasetReady}. The load still ends as done, for clients following its progress.
     */
    private Optional<DatasetRow> unchanged(Request request) {
        var tenant = request.caller().tenantId();
        var current = registry.findByName(tenant, request.name(), false)
                .filter(row -> row.kind().equals(DatasetRow.CSV) && row.status().equals(DatasetRow.READY))
                .filter(row -> registry.contentHash(row.id())
                        .filter(request.sha256()::equals)
                        .isPresent());
        current.ifPresent(row -> {
            transactions.executeWithoutResult(status ->
                    loadProgress.done(row.id(), tenant, request.file().toFile().length(), row.rowCount()));
            meters.counter("analyst.ingestion.uploads.unchanged").increment();
            log.info(
                    "Upload for dataset {} of tenant {} is the file of version {}: kept",
                    row.id(),
                    tenant,
                    row.version());
        });
        return current;
    }

    private DatasetRow loadInTransaction(
            Request request, TabularSource source, FileScan scan, UUID datasetId, Progress progress) {
        var caller = request.caller();
        var schema = caller.warehouseSchema();
        var staging = new ArrayList<String>(scan.tables().size());
        for (var table : scan.tables()) {
            staging.add("_load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
            createTable(schema, staging.getLast(), table.columns());
            if (table.rejectedRows() > 0) {
                jdbc.execute("CREATE TABLE " + quote(schema) + "." + quote(rejectedStaging(staging.getLast()))
                        + " (line bigint NOT NULL, text text NOT NULL)");
            }
        }
        var copied = copy(source, scan, schema, staging, progress);
        long rows = 0;
        var profiles = new ArrayList<Profile>(scan.tables().size());
        for (int t = 0; t < scan.tables().size(); t++) {
            var table = scan.tables().get(t);
            if (copied[t] != table.rows()) {
                throw new IllegalStateException(
                        "The second pass read " + copied[t] + " rows, the first " + table.rows());
            }
            rows += copied[t];
            progress.report("profile", scan.bytes(), rows);
            // Profile (issue 3, item 4): computed by PostgreSQL on the staging table, inside this
            // transaction and before the swap, so a dataset never becomes visible without its profile.
            profiles.add(profiler.profile(
                    schema,
                    staging.get(t),
                    table.columns().stream()
                            .map(column -> new ProfiledColumn(
                                    column.name(), column.type().sql()))
                            .toList()));
        }

        registry.lockTenant(caller.tenantId());
        var current = registry.findByName(caller.tenantId(), request.name(), true);
        if (current.isPresent() && !current.get().kind().equals(DatasetRow.CSV)) {
            throw new DatasetNameTaken(request.name(), current.get().kind());
        }
        var id = current.map(DatasetRow::id).orElse(datasetId);
        long version = current.map(row -> row.version() + 1).orElse(1L);
        var previousTables = current.map(row -> row.tables().stream()
                        .flatMap(table -> table.rejected() == null
                                ? java.util.stream.Stream.of(table.name())
                                : java.util.stream.Stream.of(
                                        table.name(), table.rejected().table()))
                        .collect(java.util.stream.Collectors.toSet()))
                .orElse(Set.of());
        for (var previousTable : previousTables) {
            jdbc.execute("DROP TABLE IF EXISTS " + quote(schema) + "." + quote(previousTable));
        }
        var tableNames = tableNames(
                caller, request.name(), scan, current.map(DatasetRow::tableName).orElse(null));

        var tables = new ArrayList<TableView>(scan.tables().size());
        for (int t = 0; t < scan.tables().size(); t++) {
            var scanned = scan.tables().get(t);
            var tableName = tableNames.get(t);
            var profile = profiles.get(t);
            jdbc.execute(
                    "ALTER TABLE " + quote(schema) + "." + quote(staging.get(t)) + " RENAME TO " + quote(tableName));
            var columns = new ArrayList<ColumnSchema>(scanned.columns().size());
            for (int i = 0; i < scanned.columns().size(); i++) {
                var column = scanned.columns().get(i);
                columns.add(new ColumnSchema(
                        column.name(),
                        column.label(),
                        column.type().sql(),
                        column.nullable(),
                        column.topValues(),
                        profile.column(i)));
            }
            TableView.Rejected rejected = null;
            if (scanned.rejectedRows() > 0) {
                var rejectedName = rejectedTableName(tableName);
                jdbc.execute("DROP TABLE IF EXISTS " + quote(schema) + "." + quote(rejectedName));
                jdbc.execute("ALTER TABLE " + quote(schema) + "." + quote(rejectedStaging(staging.get(t)))
                        + " RENAME TO " + quote(rejectedName));
                rejected = new TableView.Rejected(rejectedName, scanned.rejectedRows());
            }
            var label = scanned.label() == null ? request.name() : scanned.label();
            tables.add(new TableView(
                    tableName, label, scanned.rows(), List.of(), columns, List.of(), profile.table(), rejected));
        }
        var now = Instant.now();
        var ready = new DatasetReady(
                UUID.randomUUID(),
                now,
                id,
                caller.tenantId(),
                request.name(),
                version,
                new WarehouseSchema(schema),
                tables.stream().map(TableView::toSchema).toList());
        var payload = outbox.append(ready);
        progress.done(rows);
        var row = new DatasetRow(
                id,
                caller.tenantId(),
                request.name(),
                DatasetRow.CSV,
                version,
                DatasetRow.READY,
                schema,
                tableNames.getFirst(),
                request.sourceFile(),
                rows,
                tables,
                payload,
                current.map(DatasetRow::createdBy).orElse(caller.userId()),
                current.map(DatasetRow::createdAt).orElse(now),
                now);
        registry.save(row);
        registry.recordContentHash(id, request.sha256());
        return row;
    }

    /**
     * Warehouse names for the tables of a load. A single table is named after the dataset (keeping
     * the name of the version it replaces); the tables of a workbook after the dataset and their
     * sheet ("sales_q1"), each unique among the tenant's tables. Runs after the previous version's
     * tables were dropped, under the tenant lock.
     */
    private List<String> tableNames(
            Caller caller, String datasetName, FileScan scan, @Nullable String currentTableName) {
        var taken = new HashSet<>(registry.tableNames(caller.tenantId()));
        if (currentTableName != null) {
            taken.remove(currentTableName);
        }
        taken.addAll(jdbc.queryForList(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ?",
                String.class,
                caller.warehouseSchema()));
        var names = new ArrayList<String>(scan.tables().size());
        for (var table : scan.tables()) {
            String name;
            if (scan.tables().size() == 1 && currentTableName != null && !taken.contains(currentTableName)) {
                name = currentTableName;
            } else {
                var base = scan.tables().size() == 1 || table.label() == null
                        ? datasetName
                        : datasetName + " " + table.label();
                name = Identifiers.unique(Identifiers.sanitize(base, "dataset"), taken);
            }
            taken.add(name);
            names.add(name);
        }
        return names;
    }

    private static String rejectedStaging(String staging) {
        return staging + "__rejected";
    }

    /**
     * {@code <table>__rejected}, within PostgreSQL's 63 characters (a long name is cut and keeps a
     * hash of itself). Table names never hold {@code __} (see {@link Identifiers}), so these never
     * collide with a dataset's table.
     */
    static String rejectedTableName(String table) {
        var suffix = "__rejected";
        if (table.length() + suffix.length() <= Identifiers.MAX_LENGTH) {
            return table + suffix;
        }
        var hash = String.format("%08x", table.hashCode());
        return table.substring(0, Identifiers.MAX_LENGTH - suffix.length() - hash.length() - 1) + "_" + hash + suffix;
    }

    private void createTable(String schema, String table, List<ScannedColumn> columns) {
        var ddl = new StringBuilder("CREATE TABLE ")
                .append(quote(schema))
                .append('.')
                .append(quote(table))
                .append(" (");
        for (int i = 0; i < columns.size(); i++) {
            var column = columns.get(i);
            ddl.append(i == 0 ? "" : ", ")
                    .append(quote(column.name()))
                    .append(' ')
                    .append(column.type().sql());
            if (!column.nullable()) {
                ddl.append(" NOT NULL");
            }
        }
        jdbc.execute(ddl.append(')').toString());
    }

    /**
     * The second pass: every data row of every table through COPY into its staging table, in the
     * transaction's connection, one COPY at a time.
     *
     * @return rows copied per table of the scan
     */
    private long[] copy(TabularSource source, FileScan scan, String schema, List<String> staging, Progress progress) {
        var copied = new long[scan.tables().size()];
        jdbc.execute((ConnectionCallback<@Nullable Void>) connection -> {
            CopySink sink = null;
            try {
                sink = new CopySink(pg(connection), source, scan, schema, staging, copied, progress);
                source.read(sink);
            } catch (IOException | SQLException e) {
                throw rejected(e);
            } finally {
                if (sink != null) {
                    sink.cancel();
                }
            }
            return null;
        });
        return copied;
    }

    /** Streams the rows of each table the first pass kept into a COPY of its staging table. */
    private final class CopySink implements RowSink {

        private final PGConnection connection;
        private final TabularSource source;
        private final FileScan scan;
        private final String schema;
        private final List<String> staging;
        private final long[] copied;
        private final Progress progress;
        private int sourceIndex = -1;
        private long rowsBefore;
        private @Nullable TableScan table;
        private int tableIndex;
        private @Nullable PGCopyOutputStream stream;
        private @Nullable Writer out;
        private @Nullable CopyRows rows;
        private final List<@Nullable String> padded = new ArrayList<>();
        /** Rejected rows of the current table, spooled in COPY text format until its COPY ends. */
        private @Nullable Path rejectedFile;

        private @Nullable Writer rejectedOut;

        CopySink(
                PGConnection connection,
                TabularSource source,
                FileScan scan,
                String schema,
                List<String> staging,
                long[] copied,
                Progress progress) {
            this.connection = connection;
            this.source = source;
            this.scan = scan;
            this.schema = schema;
            this.staging = staging;
            this.copied = copied;
            this.progress = progress;
        }

        @Override
        public void startTable(@Nullable String label) throws IOException {
            sourceIndex++;
            table = null;
            for (int t = 0; t < scan.tables().size(); t++) {
                if (scan.tables().get(t).index() == sourceIndex) {
                    table = scan.tables().get(t);
                    tableIndex = t;
                }
            }
            if (table == null) {
                return; // an empty sheet: the first pass left it out
            }
            var names = table.columns().stream()
                    .map(column -> quote(column.name()))
                    .reduce((a, b) -> a + ", " + b)
                    .orElseThrow();
            var sql = "COPY " + quote(schema) + "." + quote(staging.get(tableIndex)) + " (" + names
                    + ") FROM STDIN (FORMAT text)";
            try {
                stream = new PGCopyOutputStream(connection.getCopyAPI().copyIn(sql), 1 << 16);
            } catch (SQLException e) {
                throw new IOException(e);
            }
            out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            rows = new CopyRows(
                    table.columns().stream().map(ScannedColumn::style).toList());
        }

        @Override
        public void row(List<@Nullable String> cells) throws IOException {
            if (table == null || rows == null || out == null) {
                return;
            }
            int width = table.columns().size();
            var row = cells;
            if (cells.size() != width) {
                padded.clear();
                for (int i = 0; i < width; i++) {
                    padded.add(i < cells.size() ? cells.get(i) : null);
                }
                row = padded;
            }
            rows.write(row, out);
            long count = ++copied[tableIndex];
            if (count % settings.progressEveryRows() == 0) {
                long total = rowsBefore + count;
                progress.report("load", bytesDone(total), total);
            }
        }

        @Override
        public void rejected(long line, String text) throws IOException {
            if (table == null) {
                return;
            }
            if (rejectedOut == null) {
                rejectedFile = tempDirectory == null
                        ? java.nio.file.Files.createTempFile("analyst-rejected-", ".tmp")
                        : java.nio.file.Files.createTempFile(tempDirectory, "analyst-rejected-", ".tmp");
                rejectedOut = java.nio.file.Files.newBufferedWriter(rejectedFile, StandardCharsets.UTF_8);
            }
            var out = rejectedOut;
            out.write(Long.toString(line));
            out.write('\t');
            REJECTED_TEXT.write(List.of(text), out);
        }

        @Override
        public void endTable(List<String> header) throws IOException {
            if (table == null || out == null || stream == null) {
                return;
            }
            try {
                out.flush();
                copied[tableIndex] = stream.endCopy();
            } catch (SQLException e) {
                throw new IOException(e); // the stream stays set: cancel() ends the COPY
            }
            copyRejected();
            rowsBefore += copied[tableIndex];
            progress.report("load", bytesDone(rowsBefore), rowsBefore);
            table = null;
            stream = null;
            out = null;
        }

        /** The spooled rejected rows of the table just copied into its rejected staging table. */
        private void copyRejected() throws IOException {
            var file = rejectedFile;
            var spooled = rejectedOut;
            if (file == null || spooled == null) {
                return;
            }
            spooled.close();
            rejectedOut = null;
            var sql = "COPY " + quote(schema) + "." + quote(rejectedStaging(staging.get(tableIndex)))
                    + " (line, text) FROM STDIN (FORMAT text)";
            try (var in = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                connection.getCopyAPI().copyIn(sql, in);
            } catch (SQLException e) {
                throw new IOException(e);
            } finally {
                rejectedFile = null;
                java.nio.file.Files.deleteIfExists(file);
            }
        }

        /** Ends a COPY a failure interrupted, so the connection can roll back; drops spooled rejects. */
        void cancel() throws SQLException {
            var active = stream;
            if (active != null && active.isActive()) {
                active.cancelCopy();
            }
            try {
                if (rejectedOut != null) {
                    rejectedOut.close();
                }
                if (rejectedFile != null) {
                    java.nio.file.Files.deleteIfExists(rejectedFile);
                }
            } catch (IOException e) {
                log.warn("Could not delete the spooled rejected rows {}", rejectedFile, e);
            }
        }

        /** Bytes read so far; formats that cannot count them report the share of rows done instead. */
        private long bytesDone(long rowsDone) {
            long bytes = source.bytesRead();
            if (rowsDone >= scan.rows()) {
                return scan.bytes();
            }
            return bytes >= 0 ? bytes : scan.bytes() * rowsDone / Math.max(1, scan.rows());
        }
    }

    private static PGConnection pg(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class);
    }

    /** PostgreSQL refusing a row the first pass accepted: report it as a problem of the file. */
    private static RuntimeException rejected(Exception e) {
        var cause = e;
        while (cause.getCause() instanceof Exception inner && !(cause instanceof PSQLException)) {
            cause = inner;
        }
        if (cause instanceof PSQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22")) {
            var message = sql.getServerErrorMessage();
            var where = message == null ? null : message.getWhere();
            var line = where == null ? null : COPY_LINE.matcher(where);
            var row = line != null && line.find() ? " (data row " + line.group(1) + ")" : "";
            var detail = message == null ? "a value cannot be stored" : message.getMessage();
            return new MalformedFile(0, "The file cannot be loaded" + row + ": " + detail, e);
        }
        return new IllegalStateException("The load failed", e);
    }

    /** Creates the tenant's warehouse schema; two first uploads may race to it, which is fine. */
    private void ensureSchema(String schema) {
        try {
            jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
        } catch (DataAccessException e) {
            var exists = jdbc.queryForObject(
                    "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = ?", Integer.class, schema);
            if (exists == null || exists == 0) {
                throw e;
            }
        }
    }

    /** Reports the progress of one load. */
    private final class Progress {

        private final UUID datasetId;
        private final String tenantId;
        private final long totalBytes;

        Progress(UUID datasetId, String tenantId, long totalBytes) {
            this.datasetId = datasetId;
            this.tenantId = tenantId;
            this.totalBytes = totalBytes;
        }

        void report(String phase, long bytesRead, long rowsLoaded) {
            loadProgress.report(datasetId, tenantId, phase, bytesRead, totalBytes, rowsLoaded);
        }

        /** Inside the load's transaction: the status and the done event commit with the new version. */
        void done(long rowsLoaded) {
            loadProgress.done(datasetId, tenantId, totalBytes, rowsLoaded);
        }
    }
}
