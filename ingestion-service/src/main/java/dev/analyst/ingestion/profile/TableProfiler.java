package dev.analyst.ingestion.profile;

import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.Correlation;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.ValueCount;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Profiles a table where it lies: every statistic is an aggregate PostgreSQL computes, so the service
 * holds no more than the (bounded) answers, whatever the table's size. Blocking; run it in the load's
 * transaction so it sees the staging table.
 *
 * <p>A handful of statements, each at most one scan: the row count; the simple aggregates (null and
 * distinct counts, ranges, moments, lengths, boolean counts) and correlations together; the
 * quantiles; histograms and IQR outliers together (they need the bounds and quartiles); the most
 * frequent text values; the first rows.
 *
 * <p>Tables of up to {@link #EXACT_ROWS} rows are profiled exactly. Larger ones keep exact counts,
 * ranges and moments (plain aggregates, which PostgreSQL runs in parallel) but, like DuckDB's {@code
 * SUMMARIZE}, estimate the rest: distinct counts come from {@code ANALYZE}'s statistics, and
 * correlations, quantiles, histograms, outliers and top values from a repeatable Bernoulli sample of
 * about {@link #SAMPLE_ROWS_TARGET} rows drawn once into a temporary table, with counts scaled up to
 * the table.
 */
@Component
public class TableProfiler {

    /** Columns beyond this get no profile, which keeps a wide table's event within Kafka's limits. */
    static final int MAX_COLUMNS = 200;

    static final int MAX_CORRELATED_COLUMNS = 20;
    static final int MAX_BUCKETS = 20;
    static final int TOP_VALUES = 10;
    static final int SAMPLE_ROWS = 5;
    static final int MAX_TEXT = 60;
    static final long EXACT_ROWS = 250_000;
    static final long SAMPLE_ROWS_TARGET = 100_000;

    private static final Logger log = LoggerFactory.getLogger(TableProfiler.class);

    private final JdbcTemplate jdbc;
    private final long exactRows;
    private final long sampleRowsTarget;

    @Autowired
    public TableProfiler(JdbcTemplate jdbc) {
        this(jdbc, EXACT_ROWS, SAMPLE_ROWS_TARGET);
    }

    /** A profiler that switches to estimates above {@code exactRows}; tests lower it to reach that path. */
    TableProfiler(JdbcTemplate jdbc, long exactRows, long sampleRowsTarget) {
        this.jdbc = jdbc;
        this.exactRows = exactRows;
        this.sampleRowsTarget = sampleRowsTarget;
    }

    /** The profile of {@code schema.table}, whose columns are {@code columns} in table order. */
    public Profile profile(String schema, String table, List<ProfiledColumn> columns) {
        return profile(schema, table, count(quote(schema) + "." + quote(table)), columns);
    }

    /**
     * The profile of {@code schema.table}, which holds {@code rows} rows (a loader knows how many it
     * just copied, which spares a scan).
     */
    public Profile profile(String schema, String table, long rows, List<ProfiledColumn> columns) {
        // One connection throughout: the sample is a temporary table, which only its session sees.
        var profile = jdbc.execute((ConnectionCallback<Profile>) connection -> new TableProfiler(
                        new JdbcTemplate(new SingleConnectionDataSource(connection, true)), exactRows, sampleRowsTarget)
                .profileOnThisConnection(schema, table, rows, columns));
        if (profile == null) {
            throw new IllegalStateException("Profiling returned nothing");
        }
        return profile;
    }

    private Profile profileOnThisConnection(String schema, String table, long rows, List<ProfiledColumn> columns) {
        long started = System.nanoTime();
        var relation = quote(schema) + "." + quote(table);
        var stats = columns.stream().limit(MAX_COLUMNS).map(ColumnStats::new).toList();
        var correlated = stats.stream()
                .filter(column -> column.column().numeric())
                .limit(MAX_CORRELATED_COLUMNS)
                .toList();

        var correlations = new ArrayList<Correlation>();
        var timings = new StringBuilder();
        boolean exact = rows <= exactRows;
        // Exact tables get their correlations in the scan of the aggregates; large ones from the sample.
        aggregates(relation, stats, exact ? correlated : List.of(), correlations, exact);
        var lap = lap(timings, "aggregates", started);
        var sampled = relation;
        String sample = null;
        long sampleRows;
        List<List<@Nullable Object>> first;
        try {
            if (!exact) {
                distinctFromStatistics(schema, table, stats, rows);
                lap = lap(timings, "analyze", lap);
                sample = sample(relation, stats, rows);
                sampled = quote(sample);
                lap = lap(timings, "sample", lap);
                correlations(sampled, correlated, correlations);
                lap = lap(timings, "correlations", lap);
            }
            sampleRows = quantiles(sampled, stats);
            double scale = !exact && sampleRows > 0 ? rows / (double) sampleRows : 1;
            lap = lap(timings, "quantiles", lap);
            histogramsAndOutliers(sampled, stats, scale);
            lap = lap(timings, "histograms", lap);
            topValues(sampled, stats, scale);
            lap = lap(timings, "top values", lap);
            first = sampleRows(relation, stats);
            lap(timings, "sample rows", lap);
        } finally {
            if (sample != null) {
                jdbc.execute("DROP TABLE IF EXISTS " + quote(sample));
            }
        }

        var profiles = new ArrayList<@Nullable ColumnProfile>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            profiles.add(i < stats.size() ? stats.get(i).toProfile(rows) : null);
        }
        var findings = Findings.of(rows, stats, correlations);
        log.info(
                "Profiled {} ({} rows, {} columns, {}) in {} ms ({})",
                relation,
                rows,
                stats.size(),
                exact ? "exact" : "estimated from " + sampleRows + " sampled rows",
                (System.nanoTime() - started) / 1_000_000,
                timings);
        return new Profile(profiles, new TableProfile(correlations, first, findings));
    }

    /**
     * A repeatable Bernoulli sample of about {@link #SAMPLE_ROWS_TARGET} rows of the profiled
     * columns, as a temporary table: one scan of the table, instead of one per estimate drawn from
     * it. Dropped by the caller (with the session at the latest).
     */
    private String sample(String relation, List<ColumnStats> stats, long rows) {
        var name = "_profile_sample_"
                + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        double percent = Math.min(100, 100.0 * sampleRowsTarget / rows);
        var columns =
                stats.stream().map(column -> quote(column.column().name())).toList();
        jdbc.execute("CREATE TEMPORARY TABLE " + quote(name) + " AS SELECT "
                + (columns.isEmpty() ? "1 AS one" : String.join(", ", columns)) + " FROM " + relation
                + " TABLESAMPLE BERNOULLI (" + percent + ") REPEATABLE (42)");
        return name;
    }

    /** Pearson correlations of the numeric columns, pairwise, in one scan. */
    private void correlations(String relation, List<ColumnStats> correlated, List<Correlation> correlations) {
        if (correlated.size() < 2) {
            return;
        }
        var select = new ArrayList<String>();
        for (int a = 0; a < correlated.size(); a++) {
            for (int b = a + 1; b < correlated.size(); b++) {
                select.add("corr(" + quote(correlated.get(a).column().name()) + "::float8, "
                        + quote(correlated.get(b).column().name()) + "::float8)");
            }
        }
        jdbc.query("SELECT " + String.join(", ", select) + " FROM " + relation, (ResultSetExtractor<@Nullable Void>)
                rs -> {
                    rs.next();
                    readCorrelations(rs, 1, correlated, correlations);
                    return null;
                });
    }

    private static void readCorrelations(
            ResultSet rs, int first, List<ColumnStats> correlated, List<Correlation> correlations) throws SQLException {
        int i = first;
        for (int a = 0; a < correlated.size(); a++) {
            for (int b = a + 1; b < correlated.size(); b++) {
                var r = nullableDouble(rs, i++);
                if (r != null && Double.isFinite(r)) {
                    correlations.add(new Correlation(
                            correlated.get(a).column().name(),
                            correlated.get(b).column().name(),
                            round(r, 4)));
                }
            }
        }
    }

    private static long lap(StringBuilder timings, String step, long since) {
        long now = System.nanoTime();
        timings.append(timings.isEmpty() ? "" : ", ")
                .append(step)
                .append(' ')
                .append((now - since) / 1_000_000)
                .append(" ms");
        return now;
    }

    private long count(String relation) {
        Long rows = jdbc.queryForObject("SELECT count(*) FROM " + relation, Long.class);
        return rows == null ? 0 : rows;
    }

    /** Null and (when exact) distinct counts, ranges, moments, lengths, booleans and correlations in one scan. */
    private void aggregates(
            String relation,
            List<ColumnStats> stats,
            List<ColumnStats> correlated,
            List<Correlation> correlations,
            boolean exact) {
        var select = new ArrayList<String>();
        select.add("1");
        for (var column : stats) {
            var c = quote(column.column().name());
            select.add("count(" + c + ")");
            // Compared as text when the type may lack an equality operator (json has none).
            var distinct = column.column().kind() == ProfiledColumn.Kind.OTHER ? c + "::text" : c;
            select.add(exact ? "count(DISTINCT " + distinct + ")" : "0");
            switch (column.column().kind()) {
                case NUMERIC, INTEGER -> {
                    var f = c + "::float8";
                    select.add("min(" + f + ")");
                    select.add("max(" + f + ")");
                    select.add("avg(" + f + ")");
                    select.add("coalesce(stddev_samp(" + f + "), 0)");
                }
                case TEXT -> {
                    select.add("min(length(" + c + "))");
                    select.add("max(length(" + c + "))");
                }
                case TEMPORAL -> {
                    select.add("min(" + c + ")::text");
                    select.add("max(" + c + ")::text");
                }
                case BOOLEAN -> {
                    select.add("count(*) FILTER (WHERE " + c + ")");
                    select.add("count(*) FILTER (WHERE NOT " + c + ")");
                }
                case OTHER -> {}
            }
        }
        for (int a = 0; a < correlated.size(); a++) {
            for (int b = a + 1; b < correlated.size(); b++) {
                select.add("corr(" + quote(correlated.get(a).column().name()) + "::float8, "
                        + quote(correlated.get(b).column().name()) + "::float8)");
            }
        }
        var sql = "SELECT " + String.join(", ", select) + " FROM " + relation;
        jdbc.query(sql, (ResultSetExtractor<@Nullable Void>) rs -> {
            rs.next();
            int i = 2;
            for (var column : stats) {
                column.nonNull = rs.getLong(i++);
                column.distinct = rs.getLong(i++);
                switch (column.column().kind()) {
                    case NUMERIC, INTEGER -> {
                        column.min = nullableDouble(rs, i++);
                        column.max = nullableDouble(rs, i++);
                        column.mean = nullableDouble(rs, i++);
                        column.stddev = nullableDouble(rs, i++);
                    }
                    case TEXT -> {
                        column.minLength = rs.getInt(i++);
                        column.maxLength = rs.getInt(i++);
                    }
                    case TEMPORAL -> {
                        column.earliest = rs.getString(i++);
                        column.latest = rs.getString(i++);
                    }
                    case BOOLEAN -> {
                        column.trueCount = rs.getLong(i++);
                        column.falseCount = rs.getLong(i++);
                    }
                    case OTHER -> {}
                }
            }
            readCorrelations(rs, i, correlated, correlations);
            return null;
        });
    }

    /** Distinct counts estimated by {@code ANALYZE}, which also gives the planner statistics for the new table. */
    private void distinctFromStatistics(String schema, String table, List<ColumnStats> stats, long rows) {
        jdbc.execute("ANALYZE " + quote(schema) + "." + quote(table));
        var byName = new HashMap<String, ColumnStats>();
        stats.forEach(column -> byName.put(column.column().name(), column));
        jdbc.query(
                "SELECT attname, n_distinct FROM pg_catalog.pg_stats WHERE schemaname = ? AND tablename = ?",
                rs -> {
                    var column = byName.get(rs.getString(1));
                    double distinct = rs.getDouble(2);
                    if (column != null) {
                        // Negative: minus the share of rows that are distinct (-1 for a unique column).
                        long estimate = Math.round(distinct >= 0 ? distinct : -distinct * rows);
                        column.distinct = Math.min(Math.max(estimate, column.nonNull > 0 ? 1 : 0), column.nonNull);
                    }
                },
                schema,
                table);
    }

    /** The five quantiles of every numeric column in one scan; returns the rows scanned. */
    private long quantiles(String relation, List<ColumnStats> stats) {
        var numeric = stats.stream()
                .filter(column -> column.column().numeric() && column.nonNull > 0)
                .toList();
        var select = new ArrayList<String>();
        select.add("count(*)");
        for (var column : numeric) {
            select.add("percentile_cont(ARRAY[0.05, 0.25, 0.5, 0.75, 0.95]) WITHIN GROUP (ORDER BY "
                    + quote(column.column().name()) + "::float8)");
        }
        Long rows = jdbc.query("SELECT " + String.join(", ", select) + " FROM " + relation, rs -> {
            rs.next();
            for (int i = 0; i < numeric.size(); i++) {
                var quantiles = rs.getArray(i + 2);
                numeric.get(i).quantiles = quantiles == null ? null : doubles(quantiles.getArray());
            }
            return rs.getLong(1);
        });
        return rows == null ? 0 : rows;
    }

    /**
     * Equal-width buckets and values beyond the IQR fences of every numeric column, in one scan: one
     * grouping set (bucket, beyond the fences) per column, so each row is read once and every hash
     * table stays tiny (a lateral join fanning rows out per column was three times slower).
     */
    private void histogramsAndOutliers(String relation, List<ColumnStats> stats, double scale) {
        var expressions = new ArrayList<String>();
        var sets = new ArrayList<String>();
        var parameters = new ArrayList<Object>();
        var histogrammed = new ArrayList<ColumnStats>();
        for (var column : stats) {
            if (!column.hasNumericSpread() || column.quantiles == null) {
                continue;
            }
            int i = histogrammed.size();
            var f = quote(column.column().name()) + "::float8";
            var quantiles = column.quantiles;
            double iqr = quantiles[3] - quantiles[1];
            column.buckets = (int) Math.max(1, Math.min(MAX_BUCKETS, column.distinct));
            expressions.add("least(width_bucket(" + f + ", ?::float8, ?::float8, ?), ?) AS b" + i);
            expressions.add("(" + f + " < ?::float8 OR " + f + " > ?::float8) AS o" + i);
            sets.add("(b" + i + ", o" + i + ")");
            parameters.addAll(List.of(
                    column.min,
                    column.max,
                    column.buckets,
                    column.buckets,
                    quantiles[1] - 1.5 * iqr,
                    quantiles[3] + 1.5 * iqr));
            histogrammed.add(column);
        }
        if (histogrammed.isEmpty()) {
            return;
        }
        var select = new ArrayList<String>();
        for (int i = 0; i < histogrammed.size(); i++) {
            select.add("b" + i);
            select.add("o" + i);
        }
        var sql = "SELECT " + String.join(", ", select) + ", count(*) FROM (SELECT "
                + String.join(", ", expressions) + " FROM " + relation + ") AS x GROUP BY GROUPING SETS ("
                + String.join(", ", sets) + ")";
        int countColumn = select.size() + 1;
        jdbc.query(
                sql,
                rs -> {
                    // A row belongs to the one set whose bucket is not null (null values make no bucket).
                    for (int i = 0; i < histogrammed.size(); i++) {
                        int bucket = rs.getInt(2 * i + 1);
                        if (!rs.wasNull()) {
                            var column = histogrammed.get(i);
                            long count = rs.getLong(countColumn);
                            column.bucketCounts[bucket - 1] += count;
                            if (rs.getBoolean(2 * i + 2)) {
                                column.outliers += count;
                            }
                            return;
                        }
                    }
                },
                parameters.toArray());
        for (var column : histogrammed) {
            for (int b = 0; b < column.buckets; b++) {
                column.bucketCounts[b] = Math.round(column.bucketCounts[b] * scale);
            }
            column.outliers = Math.round(column.outliers * scale);
        }
    }

    /** The most frequent values of every text column that repeats any, in one scan. */
    private void topValues(String relation, List<ColumnStats> stats, double scale) {
        var values = new ArrayList<String>();
        var ranked = new ArrayList<ColumnStats>();
        for (var column : stats) {
            // A column whose every value is different has no top values worth sending.
            if (column.column().kind() == ProfiledColumn.Kind.TEXT
                    && column.nonNull > 0
                    && column.distinct < column.nonNull) {
                values.add("(" + ranked.size() + ", " + quote(column.column().name()) + "::text)");
                ranked.add(column);
            }
        }
        if (ranked.isEmpty()) {
            return;
        }
        var sql = "SELECT i, left(v, " + MAX_TEXT + "), n FROM ("
                + "SELECT i, v, n, row_number() OVER (PARTITION BY i ORDER BY n DESC, v) AS r FROM ("
                + "SELECT x.i, x.v, count(*) AS n FROM " + relation
                + " CROSS JOIN LATERAL (VALUES " + String.join(", ", values) + ") AS x(i, v)"
                + " WHERE x.v IS NOT NULL GROUP BY x.i, x.v) AS grouped) AS numbered"
                + " WHERE r <= " + TOP_VALUES + " ORDER BY i, r";
        jdbc.query(sql, rs -> {
            ranked.get(rs.getInt(1)).topValues.add(new ValueCount(rs.getString(2), Math.round(rs.getLong(3) * scale)));
        });
    }

    /** The first rows, as JSON values. */
    private List<List<@Nullable Object>> sampleRows(String relation, List<ColumnStats> stats) {
        if (stats.isEmpty()) {
            return List.of();
        }
        var select = stats.stream()
                .map(column -> {
                    var c = quote(column.column().name());
                    return switch (column.column().kind()) {
                        case NUMERIC, INTEGER, BOOLEAN -> c;
                        default -> "left(" + c + "::text, " + MAX_TEXT + ")";
                    };
                })
                .toList();
        return jdbc.query(
                "SELECT " + String.join(", ", select) + " FROM " + relation + " LIMIT " + SAMPLE_ROWS, (rs, rowNum) -> {
                    var row = new ArrayList<@Nullable Object>(stats.size());
                    for (int i = 0; i < stats.size(); i++) {
                        row.add(jsonValue(
                                rs.getObject(i + 1), stats.get(i).column().kind()));
                    }
                    return row;
                });
    }

    private static @Nullable Object jsonValue(@Nullable Object value, ProfiledColumn.Kind kind) {
        return switch (value) {
            case null -> null;
            case Double d when !Double.isFinite(d) -> d.toString();
            case Float f when !Float.isFinite(f) -> f.toString();
            case BigDecimal decimal -> decimal;
            case Number number -> number;
            case Boolean bool -> bool;
            case String text when kind == ProfiledColumn.Kind.TEMPORAL -> ColumnStats.iso(text);
            default -> value.toString();
        };
    }

    private static @Nullable Double nullableDouble(ResultSet rs, int index) throws SQLException {
        double value = rs.getDouble(index);
        return rs.wasNull() ? null : value;
    }

    private static double[] doubles(Object array) {
        if (array instanceof Double[] boxed) {
            return Arrays.stream(boxed)
                    .mapToDouble(value -> value == null ? Double.NaN : value)
                    .toArray();
        }
        if (array instanceof double[] primitive) {
            return primitive;
        }
        throw new IllegalStateException("percentile_cont returned " + array.getClass());
    }

    static double round(double value, int decimals) {
        var scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
