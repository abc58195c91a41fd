package dev.analyst.ingestion.dataset;

import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
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

    private static final Logger log = LoggerFactory.getLogger(WarehouseReaders.class);

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

    /**
     * Provisions the login of every tenant schema already in the warehouse, so tenants whose data was
     * loaded before logins existed (or by an instance with another key) can be queried without a new
     * upload.
     */
    @EventListener(ApplicationReadyEvent.class)
    void provisionExistingTenants() {
        var tenants = jdbc.queryForList(
                "SELECT substr(nspname, length('warehouse_') + 1) FROM pg_catalog.pg_namespace"
                        + " WHERE nspname LIKE 'warehouse\\_%'",
                String.class);
        for (var tenant : tenants) {
            try {
                ensure(tenant);
            } catch (IllegalArgumentException e) {
                log.warn("Schema warehouse_{} is not a tenant's schema; it gets no login", tenant);
            } catch (DataAccessException e) {
                // The statements hold the password's verifier only; still, say what failed, not the SQL.
                log.warn(
                        "Could not provision the login of tenant {}: {}",
                        tenant,
                        e.getMostSpecificCause().getClass().getSimpleName());
            }
        }
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
