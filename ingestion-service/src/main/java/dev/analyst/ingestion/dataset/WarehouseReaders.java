package dev.analyst.ingestion.dataset;

import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gives every tenant schema its read-only login ({@link WarehouseReader}), which execution runs the
 * tenant's queries as. Ingestion does it because it creates the schema and owns its tables: only the
 * owner can grant SELECT on tables it will create later.
 */
@Component
class WarehouseReaders {

    private final JdbcTemplate jdbc;

    private final SecretBox key;

    WarehouseReaders(JdbcTemplate jdbc, SecretBox key) {
        this.jdbc = jdbc;
        this.key = key;
    }

    /** Creates the tenant's login if missing and grants it the tenant's schema, which must exist. */
    void ensure(String tenantId) {
        WarehouseReader.of(tenantId).provisioningStatements(key).forEach(jdbc::execute);
    }
}
