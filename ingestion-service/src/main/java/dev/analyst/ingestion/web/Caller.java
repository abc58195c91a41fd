package dev.analyst.ingestion.web;

import dev.analyst.contracts.dataset.WarehouseReader;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, as the gateway (which authenticated them) says in {@code X-Tenant-Id} and
 * {@code X-User-Id}. Every object this service stores or returns belongs to one tenant.
 *
 * @param tenantId a validated tenant id, {@code [a-z0-9_]{1,40}}: it becomes part of a schema name
 * @param userId the user, when the gateway named one
 */
public record Caller(String tenantId, @Nullable String userId) {

    public static final String TENANT_HEADER = "X-Tenant-Id";
    public static final String USER_HEADER = "X-User-Id";

    private static final Pattern TENANT = Pattern.compile("[a-z0-9_]{1,40}");

    public Caller {
        if (!TENANT.matcher(tenantId).matches()) {
            throw new InvalidTenant();
        }
        if (userId != null && (userId.isBlank() || userId.length() > 200)) {
            userId = null;
        }
    }

    /** The warehouse schema that holds this tenant's uploaded tables. */
    public String warehouseSchema() {
        return WarehouseReader.of(tenantId).schema();
    }

    /** The request named no tenant. */
    public static final class MissingTenant extends RuntimeException {

        MissingTenant() {
            super("The request has no " + TENANT_HEADER + " header");
        }
    }

    /** The request named a tenant id that is not {@code [a-z0-9_]{1,40}}. */
    public static final class InvalidTenant extends RuntimeException {

        InvalidTenant() {
            // The offending value is not echoed: it is attacker-controlled.
            super("The " + TENANT_HEADER + " header is not a tenant id ([a-z0-9_]{1,40})");
        }
    }
}
