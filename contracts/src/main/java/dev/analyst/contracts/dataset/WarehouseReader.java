package dev.analyst.contracts.dataset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The read-only login a tenant's queries run as. Ingestion, which creates the tenant's warehouse schema,
 * creates this role and grants it that schema alone; execution logs in as it. So even SQL that slipped
 * past the validator can read only the tenant's own tables and change nothing: the role may not write,
 * may not read other schemas' tables, the server's files or programs, and may not become another role (it is
 * its own session user, a member of none). It can still list other schemas' names in the system
 * catalogs, which the validator keeps queries from. Its password is derived from the suite's key, so
 * neither service stores it.
 *
 * @param role the login's name
 * @param schema the one warehouse schema it may read
 */
public record WarehouseReader(String tenantId, String role, String schema) {

    private static final Pattern TENANT = Pattern.compile("[a-z0-9_]{1,40}");

    private static final int SCRAM_ITERATIONS = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A backstop on the role itself, above the per-query timeout execution sets. */
    private static final Duration ROLE_STATEMENT_TIMEOUT = Duration.ofMinutes(2);

    public WarehouseReader {
        if (!TENANT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("A tenant id is [a-z0-9_]{1,40}");
        }
    }

    /** The reader of {@code tenantId}'s warehouse schema. */
    public static WarehouseReader of(String tenantId) {
        return new WarehouseReader(tenantId, "analyst_reader_" + tenantId, "warehouse_" + tenantId);
    }

    public String password(SecretBox key) {
        return key.derive("warehouse-reader:" + role);
    }

    /**
     * Statements that create the login if it is missing and bring it to its intended state, idempotently:
     * its password (the key may have been rotated), read-only defaults, and SELECT on the schema's tables,
     * present and future. The schema must exist; run them as its owner.
     */
    public List<String> provisioningStatements(SecretBox key) {
        // Names are [a-z0-9_] and the password hex, so the quoting below cannot be escaped.
        var role = quoted(this.role);
        var schema = quoted(this.schema);
        var password = "'" + scramVerifier(password(key)) + "'";
        return List.of(
                // Two first uploads of a tenant may race to create it; losing that race is fine.
                "DO $$ BEGIN CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT"
                        + " NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 64;"
                        + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
                "ALTER ROLE " + role + " PASSWORD " + password,
                "ALTER ROLE " + role + " SET default_transaction_read_only = on",
                "ALTER ROLE " + role + " SET statement_timeout = '" + ROLE_STATEMENT_TIMEOUT.toMillis() + "ms'",
                "ALTER ROLE " + role + " SET search_path = " + schema,
                "GRANT USAGE ON SCHEMA " + schema + " TO " + role,
                "GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
                "ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + role);
    }

    /**
     * Grants SELECT on one table of the schema. Default privileges reach tables created in the schema, but
     * not one created elsewhere and moved in (a staging table), so a load grants each table it publishes.
     */
    public String grantStatement(String table) {
        return "GRANT SELECT ON " + quoted(schema) + "." + quoted(table) + " TO " + quoted(role);
    }

    /**
     * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, as
     * {@code password_encryption = scram-sha-256} would compute it). Sending the verifier rather than the
     * password keeps the password out of the server's statement log and out of any error that quotes the
     * statement; the login still authenticates with the password.
     */
    static String scramVerifier(String password) {
        try {
            var salt = new byte[16];
            RANDOM.nextBytes(salt);
            var salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, SCRAM_ITERATIONS, 256))
                    .getEncoded();
            var clientKey = hmac(salted, "Client Key");
            var storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            var serverKey = hmac(salted, "Server Key");
            var base64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + SCRAM_ITERATIONS + ":" + base64.encodeToString(salt) + "$"
                    + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 and HMAC with SHA-256 are part of every JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
