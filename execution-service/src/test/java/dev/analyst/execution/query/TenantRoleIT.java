package dev.analyst.execution.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.execution.sql.SqlRejected;
import dev.analyst.execution.sql.SqlValidator;
import dev.analyst.infra.Infrastructure;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model-written SQL attacks of SECURITY-CASES.md, each twice against real PostgreSQL: the validator
 * refuses it, and, had it slipped through, the tenant's read-only login alone would have stopped it.
 * The second half runs the attack as that login with the read-only default switched off first, so what
 * stops it is the role's lack of privileges, not the transaction mode; and it checks that both tenants'
 * data are intact afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantRoleIT {

    private static final Infrastructure infra = Infrastructure.shared();

    private static final WarehouseReader ACME = WarehouseReader.of("roleit_acme");

    private static final WarehouseReader GLOBEX = WarehouseReader.of("roleit_globex");

    private final SecretBox key = new SecretBox(randomKey());

    private final SqlValidator validator = new SqlValidator();

    @BeforeAll
    void createTwoTenants() throws SQLException {
        for (var tenant : new WarehouseReader[] {ACME, GLOBEX}) {
            asOwner("DROP SCHEMA IF EXISTS " + tenant.schema() + " CASCADE; CREATE SCHEMA " + tenant.schema());
            asOwner(String.join(";\n", tenant.provisioningStatements(key)));
            // Created after the grants: the default privileges must reach tables loaded later.
            asOwner("CREATE TABLE " + tenant.schema() + ".t (id int, secret text);" + " INSERT INTO " + tenant.schema()
                    + ".t SELECT g, 'row ' || g FROM generate_series(1, 5) g");
        }
    }

    @AfterAll
    void closeValidator() {
        validator.close();
    }

    @AfterEach
    void bothTenantsKeepTheirData() throws SQLException {
        assertThat(countAsOwner(ACME.schema() + ".t")).isEqualTo(5);
        assertThat(countAsOwner(GLOBEX.schema() + ".t")).isEqualTo(5);
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("DROP TABLE t", "42501"),
                Arguments.of("DELETE FROM t", "42501"),
                Arguments.of("TRUNCATE t", "42501"),
                Arguments.of("UPDATE t SET secret = 'x'", "42501"),
                Arguments.of("INSERT INTO t VALUES (6, 'six')", "42501"),
                Arguments.of("WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone", "42501"),
                Arguments.of("SELECT * INTO stolen FROM t", "42501"),
                Arguments.of("SELECT * FROM t FOR UPDATE", "42501"),
                Arguments.of("SELECT 1; DROP TABLE t", "42501"),
                Arguments.of("CREATE TABLE planted (id int)", "42501"),
                Arguments.of("ALTER TABLE t ADD COLUMN planted int", "42501"),
                Arguments.of("ALTER ROLE " + ACME.role() + " SUPERUSER", "42501"),
                Arguments.of("SELECT pg_read_file('/etc/passwd')", "42501"),
                Arguments.of("SELECT pg_ls_dir('.')", "42501"),
                Arguments.of("COPY t TO PROGRAM 'id'", "42501"),
                Arguments.of("COPY (SELECT 1) TO '/tmp/analyst-stolen'", "42501"),
                Arguments.of("SELECT lo_import('/etc/passwd')", "42501"),
                Arguments.of("SELECT set_config('role', 'postgres', false)", "42501"),
                Arguments.of("SET ROLE " + GLOBEX.role(), "42501"),
                Arguments.of("SET SESSION AUTHORIZATION " + GLOBEX.role(), "42501"),
                Arguments.of("CREATE EXTENSION dblink", "42501"),
                Arguments.of("SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS r(x int)", "42883"),
                Arguments.of("SELECT * FROM " + GLOBEX.schema() + ".t", "42501"),
                Arguments.of("SELECT rolpassword FROM pg_catalog.pg_authid", "42501"),
                Arguments.of("SELECT passwd FROM pg_catalog.pg_shadow", "42501"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theValidatorRefusesItAndTheRoleAloneWouldHaveStoppedIt(String attack, String sqlState) {
        assertThatThrownBy(() -> validator.validate(attack, ACME.schema())).isInstanceOf(SqlRejected.class);

        assertThatThrownBy(() -> asReaderWithoutReadOnlyDefault(ACME, attack))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(sqlState));
    }

    @Test
    void resettingTheRoleLeavesTheQueryAsTheTenantsLogin() throws SQLException {
        assertThatThrownBy(() -> validator.validate("RESET ROLE", ACME.schema()))
                .isInstanceOf(SqlRejected.class);

        try (var connection = reader(ACME);
                var statement = connection.createStatement()) {
            statement.execute("RESET ROLE");
            statement.execute("RESET ALL");
            var rows = statement.executeQuery("SELECT current_user, session_user");
            rows.next();
            // The login is its own session user and a member of no other role: there is nothing to reset to.
            assertThat(rows.getString(1)).isEqualTo(ACME.role());
            assertThat(rows.getString(2)).isEqualTo(ACME.role());
        }
    }

    @Test
    void aSleepIsCancelledByTheStatementTimeoutAndTheSessionStaysUsable() throws SQLException {
        assertThatThrownBy(() -> validator.validate("SELECT pg_sleep(60)", ACME.schema()))
                .isInstanceOf(SqlRejected.class);

        try (var connection = reader(ACME);
                var statement = connection.createStatement()) {
            // What execution sets on every query's transaction.
            statement.execute("SET statement_timeout = 500");
            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(60)"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            var rows = statement.executeQuery("SELECT count(*) FROM t");
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(5);
        }
    }

    @Test
    void theLoginReadsItsOwnTablesReadOnlyByDefault() throws SQLException {
        try (var connection = reader(ACME);
                var statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT count(*) FROM t");
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(5);
            assertThatThrownBy(() -> statement.execute("CREATE TEMP TABLE scratch (id int)"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
    }

    @Test
    void anotherTenantsSchemaIsRefusedInTheSameWordsAsOneThatDoesNotExist() {
        var existing = catchRejection("SELECT * FROM " + GLOBEX.schema() + ".t");
        var missing = catchRejection("SELECT * FROM warehouse_nobody_at_all.t");

        assertThat(existing.replace(GLOBEX.schema(), "?")).isEqualTo(missing.replace("warehouse_nobody_at_all", "?"));
    }

    private String catchRejection(String sql) {
        try {
            validator.validate(sql, ACME.schema());
        } catch (SqlRejected e) {
            return e.getMessage();
        }
        throw new AssertionError("Not rejected: " + sql);
    }

    private void asReaderWithoutReadOnlyDefault(WarehouseReader tenant, String sql) throws SQLException {
        try (var connection = reader(tenant);
                var statement = connection.createStatement()) {
            statement.execute("SET default_transaction_read_only = off");
            statement.execute(sql);
        }
    }

    private Connection reader(WarehouseReader tenant) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), tenant.role(), tenant.password(key));
    }

    private static void asOwner(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long countAsOwner(String table) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String jdbcUrl() {
        return infra.jdbcUrl(infra.environment().get("ANALYST_DB_NAME"));
    }

    private static byte[] randomKey() {
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
