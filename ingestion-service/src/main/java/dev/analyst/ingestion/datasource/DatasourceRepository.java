package dev.analyst.ingestion.datasource;

import dev.analyst.ingestion.dataset.TableView;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ingestion.datasources} table. The sealed password is read back only to reconnect on a
 * refresh; no API answer ever carries it.
 */
@Repository
class DatasourceRepository {

    private static final TypeReference<List<TableView>> TABLES = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JsonMapper mapper;

    DatasourceRepository(JdbcTemplate jdbc, JsonMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Inserts or replaces the connection details of a datasource (whose dataset row exists). */
    void save(
            UUID id,
            String tenantId,
            String name,
            DatasourceRequest request,
            String sealedPassword,
            Instant createdAt,
            Instant updatedAt) {
        jdbc.update(
                """
                INSERT INTO ingestion.datasources (id, tenant_id, name, host, port, database_name, schema_name,
                                                   username, sealed_password, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    host = EXCLUDED.host, port = EXCLUDED.port, database_name = EXCLUDED.database_name,
                    schema_name = EXCLUDED.schema_name, username = EXCLUDED.username,
                    sealed_password = EXCLUDED.sealed_password, updated_at = EXCLUDED.updated_at
                """,
                id,
                tenantId,
                name,
                request.host(),
                request.port(),
                request.database(),
                request.schemaName(),
                request.username(),
                sealedPassword,
                Timestamp.from(createdAt),
                Timestamp.from(updatedAt));
    }

    /** The tenant's datasources with their catalogs, most recently changed first. */
    List<DatasourceView> list(String tenantId) {
        return jdbc.query(
                """
                SELECT s.id, s.name, s.host, s.port, s.database_name, s.schema_name, s.username,
                       d.version, d.tables::text AS tables, s.created_at, s.updated_at
                  FROM ingestion.datasources s
                  JOIN ingestion.datasets d ON d.id = s.id
                 WHERE s.tenant_id = ?
                 ORDER BY s.updated_at DESC, s.id
                """,
                (rs, n) -> new DatasourceView(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        "postgres",
                        rs.getString("host"),
                        rs.getInt("port"),
                        rs.getString("database_name"),
                        rs.getString("schema_name"),
                        rs.getString("username"),
                        rs.getLong("version"),
                        mapper.readValue(rs.getString("tables"), TABLES),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant()),
                tenantId);
    }

    /** The connection a refresh repeats, password opened by the caller; empty when not the tenant's. */
    java.util.Optional<StoredConnection> find(String tenantId, UUID id) {
        return jdbc
                .query(
                        """
                        SELECT name, host, port, database_name, schema_name, username, sealed_password
                          FROM ingestion.datasources
                         WHERE tenant_id = ? AND id = ?
                        """,
                        (rs, n) -> new StoredConnection(
                                rs.getString("name"),
                                rs.getString("host"),
                                rs.getInt("port"),
                                rs.getString("database_name"),
                                rs.getString("schema_name"),
                                rs.getString("username"),
                                rs.getString("sealed_password")),
                        tenantId,
                        id)
                .stream()
                .findFirst();
    }

    /** A registered connection as stored, its password still sealed. */
    record StoredConnection(
            String name,
            String host,
            int port,
            String database,
            String schema,
            String username,
            String sealedPassword) {

        DatasourceRequest open(dev.analyst.contracts.dataset.SecretBox secrets) {
            return new DatasourceRequest(name, host, port, database, schema, username, secrets.open(sealedPassword));
        }

        @Override
        public String toString() {
            return "StoredConnection[" + name + ": " + username + "@" + host + ":" + port + "/" + database + "."
                    + schema + "]";
        }
    }
}
