package dev.analyst.ingestion.dataset;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.ValueCount;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.Identifiers;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.ScannedColumn;
import dev.analyst.ingestion.events.Outbox;
import dev.analyst.ingestion.profile.Profile;
import dev.analyst.ingestion.profile.ProfiledColumn;
import dev.analyst.ingestion.profile.TableProfiler;
import dev.analyst.ingestion.source.FileScan;
import dev.analyst.ingestion.source.TableScanner;
import dev.analyst.ingestion.source.TabularSource;
import dev.analyst.ingestion.source.TabularSources;
import dev.analyst.ingestion.source.UploadedFile;
import dev.analyst.ingestion.web.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads an upload, as it arrives, as a new version of a dataset. Blocking: call it on a virtual
 * thread.
 *
 * <p>Format-neutral: the file is read through a {@link TabularSource} (CSV, workbooks, JSON Lines,
 * Parquet), as one or more tables, each written through COPY into a staging table in the tenant's
 * warehouse schema: by PostgreSQL's own parser when the text is clean ({@link DirectCopy}), else in one
 * pass typed from samples ({@link StagingLoad}), or in two when a sample misjudged a column. Creating and filling the staging
 * tables, dropping the previous version's tables, renaming the staging tables into place, updating
 * the registry and writing the {@code DatasetReady} outbox row are one transaction: a failed or
 * interrupted load leaves no table behind and the previous version untouched.
 */
@Component
class DatasetLoader {

    private static final Logger log = LoggerFactory.getLogger(DatasetLoader.class);
    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)");
    /** Characters of sampled cells that end a table's sample early, bounding its memory for wide rows. */
    private static final long SAMPLE_CHARS = 4_000_000;

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
    private final StagingLoad.Settings staging;
    private final AbandonedStagingTables abandoned;
    private final DataSource dataSource;
    private final WarehouseReaders readers;
    /** Connections direct copies may use at once, over all loads. */
    private final Semaphore copyConnections;

    private final int copyChunkBytes;

    DatasetLoader(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            DatasetRegistry registry,
            Outbox outbox,
            LoadProgress loadProgress,
            IngestionProperties properties,
            MeterRegistry meters,
            TableProfiler profiler,
            TabularSources sources,
            AbandonedStagingTables abandoned,
            DataSource dataSource,
            WarehouseReaders readers) {
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
        this.abandoned = abandoned;
        this.dataSource = dataSource;
        this.readers = readers;
        this.copyConnections = new Semaphore(settings.copyConnectionsResolved());
        this.copyChunkBytes =
                (int) Math.min(Integer.MAX_VALUE >> 2, settings.copyChunkSize().toBytes());
        this.staging = new StagingLoad.Settings(
                settings.sampleRows(),
                SAMPLE_CHARS,
                properties.upload().maxColumns(),
                settings.maxDistinctValues(),
                settings.topValues(),
                settings.maxValueLength(),
                settings.progressEveryRows(),
                properties.upload().tempDirectory());
    }

    /**
     * A request to load an upload, which may still be arriving, as (a new version of) a dataset.
     *
     * @param filename the client's file name, as sent
     * @param quarantine whether rows that do not fit ({@code onError=quarantine}) go to
     *     {@code <table>__rejected} instead of failing the load
     * @param identity the dataset the upload is for, known once the upload completed (the form may
     *     name it after the file part); the load stages the file meanwhile
     */
    record Request(
            Caller caller,
            UploadedFile file,
            @Nullable String filename,
            boolean quarantine,
            CompletableFuture<Identity> identity) {}

    /**
     * What a complete upload is.
     *
     * @param datasetId the dataset's id: its current id when the name exists, else a new one
     * @param sourceFile the file's base name, shown as where the dataset came from
     * @param sha256 the file's content hash
     */
    record Identity(UUID datasetId, String name, @Nullable String sourceFile, String sha256, long size) {}

    /** The upload is the file the current version was loaded from: the staged copy is rolled back. */
    private static final class Unchanged extends RuntimeException {
        private final DatasetRow current;

        Unchanged(DatasetRow current) {
            super(null, null, false, false);
            this.current = current;
        }
    }

    DatasetView load(Request request) throws IOException {
        var sample = Timer.start(meters);
        var tenant = request.caller().tenantId();
        var source = sources.open(request.file(), request.filename(), request.quarantine());
        var progress = new Progress(tenant, request.identity());
        try {
            ensureSchema(request.caller().warehouseSchema());
            readers.ensure(tenant);
            var row = executeLoad(request, source, progress);
            sample.stop(meters.timer("analyst.ingestion.load", "outcome", "ready"));
            meters.counter("analyst.ingestion.rows.loaded").increment(row.rowCount());
            Counter.builder("analyst.ingestion.bytes.loaded")
                    .description("Bytes of the uploaded files loaded into datasets")
                    .baseUnit("bytes")
                    .register(meters)
                    .increment(progress.identity().size());
            log.info(
                    "Loaded dataset {} version {} for tenant {}: {} rows into {}.{}",
                    row.id(),
                    row.version(),
                    tenant,
                    row.rowCount(),
                    row.schemaName(),
                    row.tableName());
            return row.toView();
        } catch (Unchanged unchanged) {
            return kept(unchanged.current, progress.identity()).toView();
        } catch (RuntimeException e) {
            // DatasetService reports the failure (with those raised before this point, like a malformed file).
            sample.stop(meters.timer("analyst.ingestion.load", "outcome", "failed"));
            throw e;
        }
    }

    /** The load's transaction; then the staging tables of a direct copy it rolled back are dropped. */
    private DatasetRow executeLoad(Request request, TabularSource source, Progress progress) {
        try {
            var row = transactions.execute(status -> loadInTransaction(request, source, progress));
            if (row == null) {
                throw new IllegalStateException("The load transaction returned nothing");
            }
            return row;
        } finally {
            abandoned.drop();
        }
    }

    /**
     * The current version, when the upload is the very file it was loaded from (same SHA-256, and no
     * matter how it was asked): it stays the current version, with no copy kept and no new {@code
     * DatasetReady}.
     */
    private Optional<DatasetRow> unchanged(String tenant, Identity identity) {
        return registry.findByName(tenant, identity.name(), false)
                .filter(row -> row.kind().equals(DatasetRow.CSV) && row.status().equals(DatasetRow.READY))
                .filter(row -> registry.contentHash(row.id())
                        .filter(identity.sha256()::equals)
                        .isPresent());
    }

    /** The load of an unchanged file still ends as done, for clients following its progress. */
    private DatasetRow kept(DatasetRow row, Identity identity) {
        transactions.executeWithoutResult(
                status -> loadProgress.done(row.id(), row.tenantId(), identity.size(), row.rowCount()));
        meters.counter("analyst.ingestion.uploads.unchanged").increment();
        log.info(
                "Upload for dataset {} of tenant {} is the file of version {}: kept",
                row.id(),
                row.tenantId(),
                row.version());
        return row;
    }

    private DatasetRow loadInTransaction(Request request, TabularSource source, Progress progress) {
        var caller = request.caller();
        var schema = caller.warehouseSchema();
        var reader = WarehouseReader.of(caller.tenantId());
        var staged = stage(request, source, schema, progress);
        // Staged while the upload arrived; from here on it is complete and named.
        var identity = progress.identity();
        var unchanged = unchanged(caller.tenantId(), identity);
        if (unchanged.isPresent()) {
            throw new Unchanged(unchanged.get());
        }
        // Ticks sent before the upload completed were dropped (no one could follow them yet), and a
        // fast load may have sent none: the copy's end is always reported.
        progress.loaded(
                identity.size(),
                staged.stream().mapToLong(table -> table.scan().rows()).sum());
        long rows = 0;
        var profiles = new ArrayList<Profile>(staged.size());
        for (var table : staged) {
            rows += table.scan().rows();
            progress.report("profile", identity.size(), rows);
            // Profile (issue 3, item 4): computed by PostgreSQL on the staging table, inside this
            // transaction and before the swap, so a dataset never becomes visible without its profile.
            profiles.add(profiler.profile(
                    schema,
                    table.table(),
                    table.scan().rows(),
                    table.scan().columns().stream()
                            .map(column -> new ProfiledColumn(
                                    column.name(), column.type().sql()))
                            .toList()));
        }
        var scan = new FileScan(
                source.format(), staged.stream().map(StagingLoad.Staged::scan).toList(), identity.size());

        registry.lockTenant(caller.tenantId());
        var current = registry.findByName(caller.tenantId(), identity.name(), true);
        if (current.isPresent() && !current.get().kind().equals(DatasetRow.CSV)) {
            throw new DatasetNameTaken(identity.name(), current.get().kind());
        }
        var id = current.map(DatasetRow::id).orElse(identity.datasetId());
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
                caller,
                identity.name(),
                scan,
                current.map(DatasetRow::tableName).orElse(null));

        var tables = new ArrayList<TableView>(scan.tables().size());
        for (int t = 0; t < scan.tables().size(); t++) {
            var scanned = scan.tables().get(t);
            var tableName = tableNames.get(t);
            var profile = profiles.get(t);
            jdbc.execute("ALTER TABLE " + quote(schema) + "."
                    + quote(staged.get(t).table()) + " RENAME TO " + quote(tableName));
            jdbc.execute(reader.grantStatement(tableName));
            var columns = new ArrayList<ColumnSchema>(scanned.columns().size());
            for (int i = 0; i < scanned.columns().size(); i++) {
                var column = scanned.columns().get(i);
                var profiled = profile.column(i);
                boolean nullable = column.nullable();
                var topValues = column.topValues();
                if (!staged.get(t).sawEveryValue() && profiled != null) {
                    nullable = profiled.nullShare() > 0;
                    topValues = categories(column, profiled);
                }
                columns.add(new ColumnSchema(
                        column.name(), column.label(), column.type().sql(), nullable, topValues, profiled));
            }
            TableView.Rejected rejected = null;
            var rejectedStaging = staged.get(t).rejectedTable();
            if (rejectedStaging != null) {
                var rejectedName = rejectedTableName(tableName);
                jdbc.execute("DROP TABLE IF EXISTS " + quote(schema) + "." + quote(rejectedName));
                jdbc.execute("ALTER TABLE " + quote(schema) + "." + quote(rejectedStaging) + " RENAME TO "
                        + quote(rejectedName));
                jdbc.execute(reader.grantStatement(rejectedName));
                rejected = new TableView.Rejected(rejectedName, scanned.rejectedRows());
            }
            var label = scanned.label() == null ? identity.name() : scanned.label();
            tables.add(new TableView(
                    tableName, label, scanned.rows(), List.of(), columns, List.of(), profile.table(), rejected));
        }
        var now = Instant.now();
        var ready = new DatasetReady(
                UUID.randomUUID(),
                now,
                id,
                caller.tenantId(),
                identity.name(),
                version,
                new WarehouseSchema(schema),
                tables.stream().map(TableView::toSchema).toList());
        var payload = outbox.append(ready);
        progress.done(rows);
        var row = new DatasetRow(
                id,
                caller.tenantId(),
                identity.name(),
                DatasetRow.CSV,
                version,
                DatasetRow.READY,
                schema,
                tableNames.getFirst(),
                identity.sourceFile(),
                rows,
                tables,
                payload,
                current.map(DatasetRow::createdBy).orElse(caller.userId()),
                current.map(DatasetRow::createdAt).orElse(now),
                now);
        registry.save(row);
        registry.recordContentHash(id, identity.sha256());
        return row;
    }

    /** The values of a text column with few distinct ones, most frequent first, as its profile found them. */
    private List<String> categories(ScannedColumn column, ColumnProfile profiled) {
        var text = profiled.text();
        if (column.type() != ColumnType.TEXT
                || text == null
                || profiled.distinctCount() > settings.maxDistinctValues()) {
            return List.of();
        }
        return text.topValues().stream()
                .map(ValueCount::value)
                .limit(settings.topValues())
                .toList();
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

    /**
     * Reads the file once into staging tables, typing each table from a sample of its first rows; when
     * a later value shows the sample misjudged a column, drops what was staged and reads the file
     * twice: once to type every column from all its values, once to load it (no type can change then).
     */
    private List<StagingLoad.Staged> stage(Request request, TabularSource source, String schema, Progress progress) {
        var result = jdbc.execute((ConnectionCallback<List<StagingLoad.Staged>>) connection -> {
            try {
                var direct = directCopy(connection, schema, source, progress);
                if (direct.isPresent()) {
                    meters.counter("analyst.ingestion.loads.direct").increment();
                    return List.of(direct.get());
                }
                try {
                    return pass(connection, source, schema, null, progress);
                } catch (StagingLoad.SampleMisjudged e) {
                    meters.counter("analyst.ingestion.loads.retyped").increment();
                    log.info("{}: loading the file again, typed from all its rows", e.getMessage());
                    var exact = scanner.scan(request.file(), source);
                    return pass(connection, source, schema, exact, progress);
                }
            } catch (IOException | SQLException e) {
                throw rejected(e);
            }
        });
        if (result == null) {
            throw new IllegalStateException("The staging pass returned nothing");
        }
        return result;
    }

    /**
     * {@link DirectCopy} over as many connections as are free. A load that finds them all taken by
     * concurrent loads takes the general path rather than wait, or ask the pool for more connections
     * than it has while holding its own.
     */
    private Optional<StagingLoad.Staged> directCopy(
            Connection connection, String schema, TabularSource source, Progress progress)
            throws IOException, SQLException {
        int permits = 0;
        while (permits < settings.copyConnectionsResolved() && copyConnections.tryAcquire()) {
            permits++;
        }
        if (permits == 0) {
            return Optional.empty();
        }
        try {
            var workers = new DirectCopy.Workers(dataSource, permits, copyChunkBytes);
            return DirectCopy.stage(connection, schema, source, staging, workers, rowsLoaded(source, progress));
        } finally {
            copyConnections.release(permits);
        }
    }

    private List<StagingLoad.Staged> pass(
            Connection connection, TabularSource source, String schema, @Nullable FileScan exact, Progress progress)
            throws IOException, SQLException {
        var load = new StagingLoad(connection, schema, staging, exact, rowsLoaded(source, progress));
        // Typed from samples, the pass may be abandoned: rolling back to here drops all it staged.
        var beforePass = exact == null ? connection.setSavepoint() : null;
        try {
            source.read(load);
            return load.staged();
        } catch (StagingLoad.SampleMisjudged e) {
            load.cancel();
            if (beforePass != null) {
                connection.rollback(beforePass);
            }
            throw e;
        } finally {
            load.cancel();
        }
    }

    /** Reports rows loaded with the bytes of the file read so far (none, for formats that cannot tell). */
    private static StagingLoad.Progress rowsLoaded(TabularSource source, Progress progress) {
        return rows -> progress.report("load", Math.max(0, source.bytesRead()), rows);
    }

    /** PostgreSQL refusing a row the service's typing accepted: report it as a problem of the file. */
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

    /**
     * Reports the progress of one load, once its upload completed and it is known which dataset it is
     * for: clients learn the dataset's id no sooner, so nothing is lost by staying quiet before.
     */
    private final class Progress {

        private static final long MIN_TICK_NANOS = 250_000_000L;

        private final String tenantId;
        private final CompletableFuture<Identity> identity;
        private @Nullable String lastPhase;
        private long lastReport;

        Progress(String tenantId, CompletableFuture<Identity> identity) {
            this.tenantId = tenantId;
            this.identity = identity;
        }

        void report(String phase, long bytesRead, long rowsLoaded) {
            var known = identity.isDone() && !identity.isCompletedExceptionally() ? identity.join() : null;
            long now = System.nanoTime();
            // A progress bar needs a few ticks a second; a fast load would send dozens (each a status
            // update and an event), so ticks of the same phase closer than this are dropped.
            if (phase.equals(lastPhase) && now - lastReport < MIN_TICK_NANOS) {
                return;
            }
            if (known != null) {
                lastPhase = phase;
                lastReport = now;
                loadProgress.report(known.datasetId(), tenantId, phase, bytesRead, known.size(), rowsLoaded);
            }
        }

        /** Every row is copied: reported whenever the last tick was. */
        void loaded(long bytesRead, long rowsLoaded) {
            lastPhase = null;
            report("load", bytesRead, rowsLoaded);
        }

        /** Inside the load's transaction: the status and the done event commit with the new version. */
        void done(long rowsLoaded) {
            var known = identity();
            loadProgress.done(known.datasetId(), tenantId, known.size(), rowsLoaded);
        }

        /** Waits for the upload to complete; fails as it did. */
        Identity identity() {
            try {
                return identity.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                var cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("The upload failed", cause);
            }
        }
    }
}
