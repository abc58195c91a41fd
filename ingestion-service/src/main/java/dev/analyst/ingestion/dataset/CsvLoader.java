package dev.analyst.ingestion.dataset;

import static dev.analyst.ingestion.csv.Identifiers.quote;

import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetFailed;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.IngestionProgressed;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.csv.CopyRows;
import dev.analyst.ingestion.csv.CsvScan;
import dev.analyst.ingestion.csv.CsvScanner;
import dev.analyst.ingestion.csv.CsvSource;
import dev.analyst.ingestion.csv.Identifiers;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.ScannedColumn;
import dev.analyst.ingestion.events.DirectPublisher;
import dev.analyst.ingestion.events.Outbox;
import dev.analyst.ingestion.web.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
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
 * <p>The first pass infers the table; the second writes every row through COPY into a staging table
 * in the tenant's warehouse schema. Creating and filling the staging table, dropping the previous
 * version, renaming the staging table into place, updating the registry and writing the
 * {@code DatasetReady} outbox row are one transaction: a failed or interrupted load leaves no table
 * behind and the previous version untouched.
 */
@Component
class CsvLoader {

    private static final Logger log = LoggerFactory.getLogger(CsvLoader.class);
    private static final Pattern COPY_LINE = Pattern.compile("line (\\d+)");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DatasetRegistry registry;
    private final Outbox outbox;
    private final DirectPublisher publisher;
    private final CsvScanner scanner;
    private final IngestionProperties.Load settings;
    private final MeterRegistry meters;

    CsvLoader(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            DatasetRegistry registry,
            Outbox outbox,
            DirectPublisher publisher,
            IngestionProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.registry = registry;
        this.outbox = outbox;
        this.publisher = publisher;
        this.settings = properties.load();
        this.scanner = new CsvScanner(
                properties.upload().maxColumns(),
                settings.maxDistinctValues(),
                settings.topValues(),
                settings.maxValueLength());
        this.meters = meters;
    }

    /** A request to load a file as (a new version of) the dataset {@code name}. */
    record Request(Caller caller, String name, @Nullable String sourceFile, Path file) {}

    DatasetView load(Request request) throws IOException {
        var sample = Timer.start(meters);
        var tenant = request.caller().tenantId();
        var scan = scanner.scan(request.file());
        var previous = registry.findByName(tenant, request.name(), false);
        if (previous.isPresent() && !previous.get().kind().equals(DatasetRow.CSV)) {
            throw new DatasetNameTaken(request.name(), previous.get().kind());
        }
        var datasetId = previous.map(DatasetRow::id).orElseGet(UUID::randomUUID);
        var progress = new Progress(datasetId, tenant, scan.bytes());
        progress.report("upload", scan.bytes(), 0);
        try {
            ensureSchema(request.caller().warehouseSchema());
            var row = transactions.execute(status -> loadInTransaction(request, scan, datasetId, progress));
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
            sample.stop(meters.timer("analyst.ingestion.load", "outcome", "failed"));
            publisher.send(new DatasetFailed(
                    UUID.randomUUID(), Instant.now(), datasetId, tenant, request.name(), failureMessage(e)));
            // Progress and failure records share the dataset's key on a compacted topic: put the
            // current version back on top so compaction never forgets it.
            registry.findByName(tenant, request.name(), false)
                    .ifPresent(current -> publisher.resend(current.lastReadyPayload()));
            throw e;
        }
    }

    private DatasetRow loadInTransaction(Request request, CsvScan scan, UUID datasetId, Progress progress) {
        var caller = request.caller();
        var schema = caller.warehouseSchema();
        var staging = "_load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        createTable(schema, staging, scan.columns());
        long rows = copy(request.file(), scan, schema, staging, progress);
        if (rows != scan.rows()) {
            throw new IllegalStateException("The second pass read " + rows + " rows, the first " + scan.rows());
        }
        progress.report("profile", scan.bytes(), rows);

        registry.lockTenant(caller.tenantId());
        var current = registry.findByName(caller.tenantId(), request.name(), true);
        if (current.isPresent() && !current.get().kind().equals(DatasetRow.CSV)) {
            throw new DatasetNameTaken(request.name(), current.get().kind());
        }
        var id = current.map(DatasetRow::id).orElse(datasetId);
        long version = current.map(row -> row.version() + 1).orElse(1L);
        var tableName = current.map(DatasetRow::tableName).orElseGet(() -> newTableName(caller, request.name()));
        jdbc.execute("DROP TABLE IF EXISTS " + quote(schema) + "." + quote(tableName));
        jdbc.execute("ALTER TABLE " + quote(schema) + "." + quote(staging) + " RENAME TO " + quote(tableName));

        var columns = scan.columns().stream()
                .map(column -> new ColumnSchema(
                        column.name(), column.label(), column.type().sql(), column.nullable(), column.topValues()))
                .toList();
        var table = new TableView(tableName, request.name(), rows, List.of(), columns, List.of());
        var now = Instant.now();
        var ready = new DatasetReady(
                UUID.randomUUID(),
                now,
                id,
                caller.tenantId(),
                request.name(),
                version,
                new WarehouseSchema(schema),
                List.of(table.toSchema()));
        var payload = outbox.append(ready);
        var row = new DatasetRow(
                id,
                caller.tenantId(),
                request.name(),
                DatasetRow.CSV,
                version,
                DatasetRow.READY,
                schema,
                tableName,
                request.sourceFile(),
                rows,
                List.of(table),
                payload,
                current.map(DatasetRow::createdBy).orElse(caller.userId()),
                current.map(DatasetRow::createdAt).orElse(now),
                now);
        registry.save(row);
        return row;
    }

    /** A table name for a new dataset: its name in snake case, unique among the tenant's tables. */
    private String newTableName(Caller caller, String datasetName) {
        var taken = new HashSet<>(registry.tableNames(caller.tenantId()));
        taken.addAll(jdbc.queryForList(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = ?",
                String.class,
                caller.warehouseSchema()));
        return Identifiers.unique(Identifiers.sanitize(datasetName, "dataset"), taken);
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

    /** The second pass: every data row through COPY, in the transaction's connection. */
    private long copy(Path file, CsvScan scan, String schema, String table, Progress progress) {
        var types = scan.columns().stream().map(ScannedColumn::type).toList();
        var names = scan.columns().stream()
                .map(column -> quote(column.name()))
                .reduce((a, b) -> a + ", " + b)
                .orElseThrow();
        var sql = "COPY " + quote(schema) + "." + quote(table) + " (" + names + ") FROM STDIN (FORMAT text)";
        Long copied = jdbc.execute((ConnectionCallback<Long>) connection -> {
            try (var source = CsvSource.open(file, scan.delimiter())) {
                var copyIn = pg(connection).getCopyAPI().copyIn(sql);
                var stream = new PGCopyOutputStream(copyIn, 1 << 16);
                try {
                    var out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
                    var rows = new CopyRows(types);
                    long count = 0;
                    for (var record = source.next(); record != null; record = source.next()) {
                        rows.write(record.getFields(), out);
                        if (++count % settings.progressEveryRows() == 0) {
                            progress.report("load", source.bytesRead(), count);
                        }
                    }
                    out.flush();
                    long loaded = stream.endCopy();
                    progress.report("load", scan.bytes(), loaded);
                    return loaded;
                } finally {
                    if (stream.isActive()) {
                        stream.cancelCopy();
                    }
                }
            } catch (IOException | SQLException e) {
                throw rejected(e);
            }
        });
        return copied == null ? 0 : copied;
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

    private static String failureMessage(RuntimeException e) {
        return e instanceof MalformedFile ? e.getMessage() : "The load failed";
    }

    /** Sends progress events for one load. */
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
            publisher.send(new IngestionProgressed(
                    UUID.randomUUID(),
                    Instant.now(),
                    datasetId,
                    tenantId,
                    phase,
                    Math.min(bytesRead, totalBytes),
                    totalBytes,
                    rowsLoaded));
        }
    }
}
