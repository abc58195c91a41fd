package dev.analyst.ingestion.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.analyst.infra.Infrastructure;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Tables above the exact limit are estimated from a sample: the estimates must stay close to the
 * exact values, and what stays exact (counts, ranges, moments) must be exact.
 */
class SampledProfileIT {

    private static final int ROWS = 20_000;
    private static final List<ProfiledColumn> COLUMNS = List.of(
            new ProfiledColumn("id", "bigint"),
            new ProfiledColumn("value", "double precision"),
            new ProfiledColumn("category", "text"));

    private static Profile exact;
    private static Profile sampled;

    @BeforeAll
    static void profileTheSameTableBothWays() {
        var infra = Infrastructure.shared();
        var jdbc = new JdbcTemplate(new SingleConnectionDataSource(
                infra.jdbcUrl(infra.environment().get("ANALYST_DB_NAME")), infra.dbUser(), infra.dbPassword(), true));
        jdbc.execute("DROP SCHEMA IF EXISTS sampled_it CASCADE");
        jdbc.execute("CREATE SCHEMA sampled_it");
        // Values in insertion order, so a sample that favoured the start of the table would show.
        jdbc.execute("CREATE TABLE sampled_it.series AS SELECT g::bigint AS id, (g % 1000)::float8 AS value,"
                + " 'c' || (g % 7) AS category FROM generate_series(1, " + ROWS + ") AS g");
        exact = new TableProfiler(jdbc).profile("sampled_it", "series", COLUMNS);
        sampled = new TableProfiler(jdbc, 1_000, 5_000).profile("sampled_it", "series", COLUMNS);
    }

    @Test
    void keepsCountsRangesAndMomentsExact() {
        var exactValue = exact.column(1).numeric();
        var sampledValue = sampled.column(1).numeric();

        assertThat(sampledValue.min()).isEqualTo(exactValue.min()).isZero();
        assertThat(sampledValue.max()).isEqualTo(exactValue.max()).isEqualTo(999);
        assertThat(sampledValue.mean()).isCloseTo(exactValue.mean(), within(1e-9));
        assertThat(sampledValue.stddev()).isCloseTo(exactValue.stddev(), within(1e-9));
        assertThat(sampled.column(0).nullShare()).isZero();
    }

    @Test
    void estimatesQuantilesHistogramsDistinctCountsAndTopValuesClosely() {
        var exactValue = exact.column(1).numeric();
        var sampledValue = sampled.column(1).numeric();

        assertThat(sampledValue.p50()).isCloseTo(exactValue.p50(), within(30.0));
        assertThat(sampledValue.p95()).isCloseTo(exactValue.p95(), within(30.0));
        assertThat(sampledValue.histogram()).hasSameSizeAs(exactValue.histogram());
        assertThat(sampledValue.histogram().stream()
                        .mapToLong(bucket -> bucket.count())
                        .sum())
                .isCloseTo(ROWS, within(ROWS / 20L));
        assertThat(sampled.column(0).distinctCount()).isEqualTo(ROWS);
        assertThat(sampled.column(1).distinctCount()).isCloseTo(1000, within(100L));
        assertThat(sampled.column(2).distinctCount()).isEqualTo(7);
        assertThat(sampled.column(2).text().topValues())
                .hasSize(7)
                .allSatisfy(top -> assertThat(top.count()).isCloseTo(ROWS / 7, within(ROWS / 7 / 5L)));
        assertThat(sampled.table().findings())
                .anySatisfy(finding -> assertThat(finding.message()).startsWith("id is different in every row"));
    }
}
