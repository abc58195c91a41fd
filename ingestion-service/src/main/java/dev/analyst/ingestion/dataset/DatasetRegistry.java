package dev.analyst.ingestion.dataset;

import dev.analyst.contracts.dataset.TableSchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code ingestion.datasets} table. Every read is scoped to a tenant. */
@Repository
public class DatasetRegistry {

    private static final TypeReference<List<TableView>> TABLES = new TypeReference<>() {};
    private static final TypeReference<List<TableSchema>> PROFILED_TABLES = new TypeReference<>() {};
    private static final String COLUMNS = """
            id, tenant_id, name, kind, version, status, schema_name, table_name, source_file, row_count,
            tables::text AS tables, last_ready_payload, created_by, created_at, updated_at
            """;

    private final JdbcTemplate jdbc;
    private final JsonMapper mapper;

    DatasetRegistry(JdbcTemplate jdbc, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public Optional<DatasetRow> find(String tenantId, UUID id) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM ingestion.datasets WHERE tenant_id = ? AND id = ?",
                        this::row,
                        tenantId,
                        id)
                .stream()
                .findFirst();
    }

    /** The dataset of that name; {@code forUpdate} locks its row until the transaction ends. */
    public Optional<DatasetRow> findByName(String tenantId, String name, boolean forUpdate) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM ingestion.datasets WHERE tenant_id = ? AND name = ?"
                                + (forUpdate ? " FOR UPDATE" : ""),
                        this::row,
                        tenantId,
                        name)
                .stream()
                .findFirst();
    }

    /** The tenant's datasets, most recently changed first. */
    public List<DatasetRow> list(String tenantId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM ingestion.datasets WHERE tenant_id = ? ORDER BY updated_at DESC, id",
                this::row,
                tenantId);
    }

    /** Warehouse table names in use by the tenant's datasets. */
    public Set<String> tableNames(String tenantId) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT table_name FROM ingestion.datasets WHERE tenant_id = ? AND table_name IS NOT NULL",
                String.class,
                tenantId));
    }

    /**
     * Serialises changes to a tenant's datasets until the transaction ends, so two loads cannot pick
     * the same table name or version.
     */
    public void lockTenant(String tenantId) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> {}, "ingestion:" + tenantId);
    }

    /**
     * The stored profile of a version of a dataset: its tables with their column profiles; empty
     * when that version was not profiled (connected databases).
     */
    public Optional<List<TableSchema>> profile(String tenantId, UUID id, long version) {
        return jdbc
                .query(
                        "SELECT tables::text FROM ingestion.dataset_profiles"
                                + " WHERE tenant_id = ? AND dataset_id = ? AND version = ?",
                        (rs, rowNum) -> mapper.readValue(rs.getString(1), PROFILED_TABLES),
                        tenantId,
                        id,
                        version)
                .stream()
                .findFirst();
    }

    /** Inserts the dataset or replaces its current version, keeping the version's profile if it has one. */
    /** The SHA-256 (hex) of the file the dataset's current version came from, when it came from a file. */
    public Optional<String> contentHash(UUID id) {
        return jdbc.queryForList("SELECT content_hash FROM ingestion.datasets WHERE id = ?", String.class, id).stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /** Records what the current version was loaded from; call it in the transaction that saves the version. */
    public void recordContentHash(UUID id, String sha256) {
        jdbc.update("UPDATE ingestion.datasets SET content_hash = ? WHERE id = ?", sha256, id);
    }

    public void save(DatasetRow row) {
        jdbc.update(
                """
                INSERT INTO ingestion.datasets (id, tenant_id, name, kind, version, status, schema_name, table_name,
                                                source_file, row_count, tables, last_ready_payload, created_by,
                                                created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    version = EXCLUDED.version, status = EXCLUDED.status, schema_name = EXCLUDED.schema_name,
                    table_name = EXCLUDED.table_name, source_file = EXCLUDED.source_file,
                    row_count = EXCLUDED.row_count, tables = EXCLUDED.tables,
                    last_ready_payload = EXCLUDED.last_ready_payload, updated_at = EXCLUDED.updated_at
                """,
                row.id(),
                row.tenantId(),
                row.name(),
                row.kind(),
                row.version(),
                row.status(),
                row.schemaName(),
                row.tableName(),
                row.sourceFile(),
                row.rowCount(),
                mapper.writerFor(TABLES).writeValueAsString(row.tables()),
                row.lastReadyPayload(),
                row.createdBy(),
                Timestamp.from(row.createdAt()),
                Timestamp.from(row.updatedAt()));
        if (row.tables().stream().anyMatch(table -> table.profile() != null)) {
            jdbc.update(
                    """
                    INSERT INTO ingestion.dataset_profiles (dataset_id, version, tenant_id, tables)
                    VALUES (?, ?, ?, ?::jsonb)
                    ON CONFLICT (dataset_id, version) DO UPDATE SET tables = EXCLUDED.tables
                    """,
                    row.id(),
                    row.version(),
                    row.tenantId(),
                    mapper.writerFor(PROFILED_TABLES)
                            .writeValueAsString(row.tables().stream()
                                    .map(TableView::toSchema)
                                    .toList()));
        }
    }

    private DatasetRow row(ResultSet rs, int rowNum) throws SQLException {
        return new DatasetRow(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getLong("version"),
                rs.getString("status"),
                rs.getString("schema_name"),
                rs.getString("table_name"),
                rs.getString("source_file"),
                rs.getLong("row_count"),
                mapper.readValue(rs.getString("tables"), TABLES),
                rs.getString("last_ready_payload"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
