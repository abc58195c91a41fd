package dev.analyst.ingestion.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.Correlation;
import dev.analyst.contracts.dataset.QualityFinding;
import dev.analyst.contracts.dataset.ValueCount;
import dev.analyst.infra.Infrastructure;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Profiles a small table of known values in the real PostgreSQL and checks every number against the
 * same statistic computed here, by definition, in Java.
 */
class TableProfilerIT {

    private static final double[] SCORES = {10, 12, 11, 13, 12, 14, 15, 11, 13, 12, 14, 100};
    private static final Double[] AMOUNTS = {1.5, null, 2.5, 3.5, null, 4.5, 5.5, 6.5, null, 7.5, 8.5, 9.5};
    private static final String[] CITIES = {
        "Lima", "Quito", "Lima", "Bogotá", "Quito", "Lima", "Bogotá", "Quito", "Lima", "Bogotá", "Quito", "Lima"
    };
    private static final List<ProfiledColumn> COLUMNS = List.of(
            new ProfiledColumn("id", "bigint"),
            new ProfiledColumn("score", "numeric"),
            new ProfiledColumn("amount", "double precision"),
            new ProfiledColumn("city", "text"),
            new ProfiledColumn("note", "text"),
            new ProfiledColumn("flag", "boolean"),
            new ProfiledColumn("day", "date"),
            new ProfiledColumn("fixed", "bigint"),
            new ProfiledColumn("extra", "json"));

    private static JdbcTemplate jdbc;
    private static Profile profile;

    @BeforeAll
    static void profileATableOfKnownValues() {
        var infra = Infrastructure.shared();
        var dataSource = new SingleConnectionDataSource(
                infra.jdbcUrl(infra.environment().get("ANALYST_DB_NAME")), infra.dbUser(), infra.dbPassword(), true);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP SCHEMA IF EXISTS profile_it CASCADE");
        jdbc.execute("CREATE SCHEMA profile_it");
        jdbc.execute("CREATE TABLE profile_it.known (id bigint, score numeric, amount double precision, city text,"
                + " note text, flag boolean, day date, fixed bigint, extra json)");
        for (int i = 0; i < SCORES.length; i++) {
            int id = i + 1;
            jdbc.update(
                    "INSERT INTO profile_it.known VALUES (?, ?, ?, ?, ?, ?, DATE '2025-01-01' + ?, 7,"
                            + " json_build_object('odd', ? % 2 = 1))",
                    id, SCORES[i], AMOUNTS[i], CITIES[i], id <= 2 ? "x" + "y".repeat(id) : null, id % 2 == 0, id, id);
        }
        profile = new TableProfiler(jdbc).profile("profile_it", "known", COLUMNS);
    }

    private static ColumnProfile column(String name) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (COLUMNS.get(i).name().equals(name)) {
                var column = profile.column(i);
                assertThat(column).as(name).isNotNull();
                return column;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void countsNullsAndDistinctValues() {
        assertThat(column("amount").nullShare()).isEqualTo(0.25);
        assertThat(column("note").nullShare()).isCloseTo(10 / 12.0, within(1e-4));
        assertThat(column("id").distinctCount()).isEqualTo(12);
        assertThat(column("score").distinctCount())
                .isEqualTo(Arrays.stream(SCORES).distinct().count());
        assertThat(column("city").distinctCount()).isEqualTo(3);
        assertThat(column("fixed").distinctCount()).isEqualTo(1);
        // json has no equality operator: its values are told apart as text.
        assertThat(column("extra").distinctCount()).isEqualTo(2);
    }

    @Test
    void describesNumbersAsTheirDefinitionsSay() {
        var score = column("score").numeric();
        assertThat(score).isNotNull();
        double mean = Arrays.stream(SCORES).average().orElseThrow();
        double variance =
                Arrays.stream(SCORES).map(v -> (v - mean) * (v - mean)).sum() / (SCORES.length - 1);
        assertThat(score.min()).isEqualTo(10);
        assertThat(score.max()).isEqualTo(100);
        assertThat(score.mean()).isCloseTo(mean, within(1e-9));
        assertThat(score.stddev()).isCloseTo(Math.sqrt(variance), within(1e-9));
        var sorted = Arrays.stream(SCORES).sorted().toArray();
        assertThat(score.p05()).isCloseTo(percentile(sorted, 0.05), within(1e-9));
        assertThat(score.p25()).isCloseTo(percentile(sorted, 0.25), within(1e-9));
        assertThat(score.p50()).isCloseTo(percentile(sorted, 0.5), within(1e-9));
        assertThat(score.p75()).isCloseTo(percentile(sorted, 0.75), within(1e-9));
        assertThat(score.p95()).isCloseTo(percentile(sorted, 0.95), within(1e-9));

        double iqr = percentile(sorted, 0.75) - percentile(sorted, 0.25);
        long outliers = Arrays.stream(SCORES)
                .filter(v -> v < percentile(sorted, 0.25) - 1.5 * iqr || v > percentile(sorted, 0.75) + 1.5 * iqr)
                .count();
        assertThat(score.outliers()).isEqualTo(outliers).isEqualTo(1);

        var amount = column("amount").numeric();
        assertThat(amount).isNotNull();
        var amounts = Arrays.stream(AMOUNTS)
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .toArray();
        assertThat(amount.mean()).isCloseTo(Arrays.stream(amounts).average().orElseThrow(), within(1e-9));
        assertThat(amount.p50())
                .isCloseTo(percentile(Arrays.stream(amounts).sorted().toArray(), 0.5), within(1e-9));
    }

    @Test
    void bucketsNumbersIntoEqualWidthsCoveringMinToMax() {
        var score = column("score").numeric();
        assertThat(score).isNotNull();
        int buckets = (int) Math.min(
                TableProfiler.MAX_BUCKETS, Arrays.stream(SCORES).distinct().count());
        double width = (100 - 10) / (double) buckets;
        var expected = new long[buckets];
        for (double value : SCORES) {
            expected[Math.min((int) Math.floor((value - 10) / width), buckets - 1)]++;
        }

        assertThat(score.histogram()).hasSize(buckets);
        assertThat(score.histogram().getFirst().lower()).isEqualTo(10);
        assertThat(score.histogram().getLast().upper()).isEqualTo(100);
        assertThat(score.histogram().stream()
                        .mapToLong(bucket -> bucket.count())
                        .toArray())
                .containsExactly(expected);
        assertThat(column("fixed").numeric())
                .isNotNull()
                .satisfies(fixed -> assertThat(fixed.histogram()).isEmpty());
    }

    @Test
    void ranksTextValuesAndMeasuresLengths() {
        var city = column("city").text();
        assertThat(city).isNotNull();
        assertThat(city.topValues())
                .containsExactly(new ValueCount("Lima", 5), new ValueCount("Quito", 4), new ValueCount("Bogotá", 3));
        assertThat(city.minLength()).isEqualTo(4);
        assertThat(city.maxLength()).isEqualTo(6);
        // Every value of the note column is different: counting them would say nothing.
        assertThat(column("note").text()).isNotNull().satisfies(note -> {
            assertThat(note.topValues()).isEmpty();
            assertThat(note.minLength()).isEqualTo(2);
            assertThat(note.maxLength()).isEqualTo(3);
        });
    }

    @Test
    void rangesDatesAndCountsBooleans() {
        assertThat(column("day").range()).isNotNull().satisfies(range -> {
            assertThat(range.min()).isEqualTo("2025-01-02");
            assertThat(range.max()).isEqualTo("2025-01-13");
        });
        assertThat(column("flag").booleans()).isNotNull().satisfies(flag -> {
            assertThat(flag.trueCount()).isEqualTo(6);
            assertThat(flag.falseCount()).isEqualTo(6);
        });
        assertThat(column("city").numeric()).isNull();
        assertThat(column("score").text()).isNull();
    }

    @Test
    void correlatesNumericColumnsPairwise() {
        var ids = IntStream.rangeClosed(1, 12).asDoubleStream().toArray();
        var correlations = profile.table().correlations();

        assertThat(correlations)
                .filteredOn(c -> c.first().equals("id") && c.second().equals("score"))
                .singleElement()
                .extracting(Correlation::coefficient)
                .satisfies(r -> assertThat(r).isCloseTo(pearson(ids, SCORES), within(1e-4)));
        // fixed never varies, so no coefficient is defined for it.
        assertThat(correlations)
                .noneMatch(c -> c.first().equals("fixed") || c.second().equals("fixed"));
        assertThat(correlations).extracting(Correlation::first).doesNotContain("city");
    }

    @Test
    void keepsTheFirstRowsAsJsonValues() {
        var rows = profile.table().sampleRows();

        assertThat(rows).hasSize(TableProfiler.SAMPLE_ROWS);
        assertThat(rows.getFirst())
                .containsExactly(
                        1L, new BigDecimal("10"), 1.5, "Lima", "xy", false, "2025-01-02", 7L, "{\"odd\" : true}");
        assertThat(rows.get(1)).element(2).isNull();
    }

    @Test
    void summarisesDataQualityInSentences() {
        var findings = profile.table().findings();

        assertThat(findings)
                .extracting(QualityFinding::kind, finding -> finding.columns().getFirst())
                .contains(
                        Tuple.tuple("unique-key", "id"),
                        Tuple.tuple("mostly-null", "note"),
                        Tuple.tuple("constant", "fixed"),
                        Tuple.tuple("outliers", "score"));
        assertThat(findings).extracting(QualityFinding::message).contains("note is empty in 83% of rows.");
        assertThat(findings)
                .filteredOn(finding -> finding.kind().equals("unique-key"))
                .extracting(finding -> finding.columns().getFirst())
                .containsExactly("id");
    }

    /** {@code percentile_cont}: linear interpolation between the two nearest ranks. */
    private static double percentile(double[] sorted, double fraction) {
        double position = fraction * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
