package dev.analyst.ingestion.dataset;

import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives every tenant schema its read-only login ({@link WarehouseReader}), which execution runs the
 * tenant's queries as. Ingestion does it because it creates the schema and owns its tables: only the
 * owner can grant SELECT on tables it will create later.
 */
@Component
class WarehouseReaders {

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final SecretBox key;

    /** Tenants provisioned since this instance started; once each is enough (and a restart redoes it). */
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

    WarehouseReaders(JdbcTemplate jdbc, TransactionTemplate transactions, SecretBox key) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.key = key;
    }

    /** Creates the tenant's login if missing and grants it the tenant's schema, which must exist. */
    void ensure(String tenantId) {
        if (provisioned.contains(tenantId)) {
            return;
        }
        var reader = WarehouseReader.of(tenantId);
        transactions.executeWithoutResult(status -> {
            // Concurrent GRANTs on one schema fail with "tuple concurrently updated": one upload at a time.
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))", Object.class, reader.role());
            reader.provisioningStatements(key).forEach(jdbc::execute);
        });
        provisioned.add(tenantId);
    }
}
