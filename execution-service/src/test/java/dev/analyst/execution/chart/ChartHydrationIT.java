package dev.analyst.execution.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.contracts.step.StepError;
import dev.analyst.execution.analysis.AnalysisFailed;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.sql.SqlValidator;
import dev.analyst.infra.Infrastructure;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Charts over 50,000 rows in a real PostgreSQL: too many to draw, so the database aggregates or samples
 * them, the figure says so, and its numbers match what SQL computes directly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartHydrationIT {

    private static final Infrastructure infra = Infrastructure.shared();

    private static final WarehouseReader READER = WarehouseReader.of("charts");

    private static final String SCHEMA = READER.schema();

    private static final int ROWS = 50_000;

    private final CatalogEntry dataset =
            new CatalogEntry(UUID.randomUUID(), READER.tenantId(), 1, new WarehouseSchema(SCHEMA));

    @Autowired
    private ChartHydrator charts;

    @Autowired
    private SecretBox secrets;

    @Autowired
    private SqlValidator validator;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infra.environment().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void createTable() throws SQLException {
        // Deterministic rows: prices spread over 997 values, 312 items, four years of days, and points on
        // the line y = 2x + 1 so any sample of them can be checked.
        execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA + ";"
                + " DROP TABLE IF EXISTS " + SCHEMA + ".houses;"
                + " CREATE TABLE " + SCHEMA + ".houses AS SELECT g AS id,"
                + " (ARRAY['north', 'south', 'east', 'west', 'centre'])[1 + g % 5] AS region,"
                + " CASE WHEN g % 5 = 0 THEN NULL ELSE (100 + (g * 7) % 997 * 1.5)::numeric(10, 2) END AS price,"
                + " 'item' || lpad((g % 312)::text, 3, '0') AS item,"
                + " date '2020-01-01' + g % 1461 AS sold_on,"
                + " (g % 1000)::float8 AS x, (2 * (g % 1000) + 1)::float8 AS y"
                + " FROM generate_series(1, " + ROWS + ") AS g;");
        // Queries run as the tenant's read-only login, which ingestion would have created with the schema.
        execute(String.join(";\n", READER.provisioningStatements(secrets)));
    }

    @Test
    void binsAHistogramInTheDatabase() throws SQLException {
        ChartFigure figure = hydrate("SELECT price FROM houses", spec("histogram", "price", List.of(), "none"));

        List<Number> counts = numbers(figure.data().getFirst().get("y"));
        List<?> edges = (List<?>) figure.data().getFirst().get("customdata");
        long values = single("SELECT count(price) FROM " + SCHEMA + ".houses");
        assertThat(figure.sampling())
                .isEqualTo("Aggregated " + Values.count(values) + " rows into " + counts.size() + " bins");
        assertThat(figure.data().getFirst()).containsEntry("type", "bar");
        assertThat(counts.size()).isBetween(20, 60);
        // Bin every price again in Java, straight from the table.
        var expected = new long[counts.size()];
        double start = ((Number) ((List<?>) edges.getFirst()).getFirst()).doubleValue();
        double width = ((Number) figure.data().getFirst().get("width")).doubleValue();
        for (Number price : column("SELECT price FROM " + SCHEMA + ".houses WHERE price IS NOT NULL")) {
            expected[(int) Math.floor((price.doubleValue() - start) / width)]++;
        }
        assertThat(counts).extracting(Number::longValue).containsExactly(boxed(expected));
        ChartPages.write("histogram", figure);
    }

    @Test
    void sumsBarsPerRegionInTheDatabase() throws SQLException {
        ChartFigure figure =
                hydrate("SELECT region, price FROM houses", spec("bar", "region", List.of("price"), "none"));

        assertThat(figure.sampling()).isEqualTo("Aggregated 50,000 rows into 5 groups (sum)");
        assertThat(annotation(figure)).isEqualTo(figure.sampling());
        Map<Object, Double> drawn = points(figure.data().getFirst());
        Map<Object, Double> summed = pairs("SELECT region, sum(price) FROM " + SCHEMA + ".houses GROUP BY region");
        assertThat(drawn.keySet()).containsExactlyInAnyOrderElementsOf(summed.keySet());
        summed.forEach((region, sum) -> assertThat(drawn.get(region)).isCloseTo(sum, within(1e-6)));
        ChartPages.write("bar", figure);
    }

    @Test
    void keepsTheLargestGroupsOfManyAndSaysSo() throws SQLException {
        ChartFigure figure = hydrate("SELECT item, price FROM houses", spec("bar", "item", List.of("price"), "mean"));

        assertThat(figure.sampling())
                .isEqualTo("Aggregated 50,000 rows into 312 groups (mean); the 50 largest of 312 groups are drawn");
        Map<Object, Double> drawn = points(figure.data().getFirst());
        Map<Object, Double> means = pairs("SELECT item, avg(price) FROM " + SCHEMA + ".houses GROUP BY item"
                + " ORDER BY avg(price) DESC LIMIT 50");
        assertThat(drawn).hasSize(50);
        means.forEach((item, mean) -> assertThat(drawn.get(item)).isCloseTo(mean, within(1e-6)));
    }

    @Test
    void averagesALineOverDaysInOrder() throws SQLException {
        ChartFigure figure = hydrate(
                "SELECT sold_on, price FROM houses ORDER BY price", spec("line", "sold_on", List.of("price"), "none"));

        assertThat(figure.sampling()).isEqualTo("Aggregated 50,000 rows into 1,461 groups (mean)");
        List<?> days = (List<?>) figure.data().getFirst().get("x");
        assertThat(days).hasSize(1461).first().isEqualTo("2020-01-01");
        assertThat(days.stream().map(Object::toString).toList()).isSorted();
        Map<Object, Double> means =
                pairs("SELECT sold_on::text, avg(price) FROM " + SCHEMA + ".houses GROUP BY sold_on");
        points(figure.data().getFirst())
                .forEach((day, mean) -> assertThat(mean).isCloseTo(means.get(day), within(1e-6)));
        ChartPages.write("line", figure);
    }

    @Test
    void samplesScatterPointsAtRandom() throws SQLException {
        // A CTE and a trailing comment: the step's SQL nests as a subquery all the same.
        ChartFigure figure = hydrate(
                "WITH h AS (SELECT x, y, region FROM houses) SELECT x, y, region FROM h -- every point",
                new ChartSpec("scatter", "y against x", "x", List.of("y"), "x", "y", "region", "none"));

        assertThat(figure.sampling()).isEqualTo("A random sample of 5,000 of the 50,000 points");
        assertThat(figure.data()).hasSize(5);
        int drawn = 0;
        for (Map<String, @Nullable Object> trace : figure.data()) {
            List<Number> x = numbers(trace.get("x"));
            List<Number> y = numbers(trace.get("y"));
            for (int i = 0; i < x.size(); i++) {
                assertThat(y.get(i).doubleValue()).isEqualTo(2 * x.get(i).doubleValue() + 1);
            }
            drawn += x.size();
        }
        assertThat(drawn).isEqualTo(5_000);
        ChartPages.write("scatter", figure);
    }

    @Test
    void computesBoxStatisticsInTheDatabase() throws SQLException {
        ChartFigure figure =
                hydrate("SELECT region, price FROM houses", spec("box", "region", List.of("price"), "none"));

        assertThat(figure.sampling()).isEqualTo("Aggregated 40,000 values into 4 boxes");
        Map<String, @Nullable Object> box = figure.data().getFirst();
        List<Object> regions = new ArrayList<>((List<?>) box.get("x"));
        // Every fifth row, all of them in the north, has no price: no box there.
        assertThat(regions).containsExactlyInAnyOrder("south", "east", "west", "centre");
        for (int i = 0; i < regions.size(); i++) {
            String region = (String) regions.get(i);
            String where = " FROM " + SCHEMA + ".houses WHERE region = '" + region + "'";
            assertThat(numbers(box.get("q1")).get(i).doubleValue())
                    .isCloseTo(
                            decimal("SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY price)" + where),
                            within(1e-9));
            assertThat(numbers(box.get("median")).get(i).doubleValue())
                    .isCloseTo(
                            decimal("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY price)" + where), within(1e-9));
            double q1 = numbers(box.get("q1")).get(i).doubleValue();
            double q3 = numbers(box.get("q3")).get(i).doubleValue();
            assertThat(numbers(box.get("lowerfence")).get(i).doubleValue())
                    .isCloseTo(
                            decimal("SELECT min(price)" + where + " AND price >= " + (q1 - 1.5 * (q3 - q1))),
                            within(1e-9));
            assertThat(numbers(box.get("upperfence")).get(i).doubleValue())
                    .isCloseTo(
                            decimal("SELECT max(price)" + where + " AND price <= " + (q3 + 1.5 * (q3 - q1))),
                            within(1e-9));
        }
        ChartPages.write("box", figure);
    }

    @Test
    void sumsANumberInTheDatabase() throws SQLException {
        ChartFigure figure = hydrate("SELECT price FROM houses", spec("number", "", List.of("price"), "sum"));

        assertThat(figure.sampling()).isEqualTo("Aggregated 50,000 rows (sum)");
        assertThat(((Number) figure.data().getFirst().get("value")).doubleValue())
                .isCloseTo(decimal("SELECT sum(price) FROM " + SCHEMA + ".houses"), within(1e-6));
        ChartPages.write("number", figure);
    }

    @Test
    void showsTheFirstRowsOfALargeTable() {
        ChartFigure figure =
                hydrate("SELECT id, region, price FROM houses ORDER BY id", spec("table", "", List.of(), "none"));

        assertThat(figure.sampling()).isEqualTo("The first 1,000 of 50,000 rows");
        ChartPages.write("table", figure);
    }

    @Test
    void drawsASmallResultAsItIs() {
        ChartFigure figure = hydrate(
                "SELECT region, count(*) AS houses FROM houses GROUP BY region ORDER BY houses DESC, region",
                spec("pie", "region", List.of("houses"), "none"));

        assertThat(figure.sampling()).isNull();
        assertThat(figure.data().getFirst())
                .containsEntry("values", List.of(10_000L, 10_000L, 10_000L, 10_000L, 10_000L));
    }

    @Test
    void rejectsASpecThatDoesNotFitTheResult() {
        assertThatThrownBy(
                        () -> hydrate("SELECT region, price FROM houses", spec("bar", "town", List.of("price"), "sum")))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNKNOWN_OBJECT))
                .hasMessageContaining("\"town\"");
        assertThatThrownBy(() ->
                        hydrate("SELECT region, price FROM houses", spec("bar", "price", List.of("region"), "sum")))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.TYPE_MISMATCH));
    }

    private ChartFigure hydrate(String sql, ChartSpec spec) {
        ChartFigure figure =
                charts.hydrate(dataset, validator.validate(sql, SCHEMA), spec).block(Duration.ofSeconds(60));
        assertThat(figure).isNotNull();
        return figure;
    }

    private static ChartSpec spec(String type, String x, List<String> y, String aggregation) {
        return new ChartSpec(
                type, "Houses: " + type + " of " + x + " " + y, x, y, x, String.join(", ", y), null, aggregation);
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object annotation(ChartFigure figure) {
        return ((List<Map<String, Object>>) figure.layout().get("annotations"))
                .getFirst()
                .get("text");
    }

    private static Map<Object, Double> points(Map<String, @Nullable Object> trace) {
        var points = new HashMap<Object, Double>();
        List<?> x = (List<?>) trace.get("x");
        List<Number> y = numbers(trace.get("y"));
        for (int i = 0; i < x.size(); i++) {
            if (y.get(i) != null) {
                points.put(x.get(i), y.get(i).doubleValue());
            }
        }
        return points;
    }

    @SuppressWarnings("unchecked")
    private static List<Number> numbers(@Nullable Object values) {
        return (List<Number>) values;
    }

    private static Long[] boxed(long[] values) {
        var boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static void execute(String statements) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }

    private static Map<Object, Double> pairs(String query) throws SQLException {
        var pairs = new HashMap<Object, Double>();
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement();
                var rows = statement.executeQuery(query)) {
            while (rows.next()) {
                if (rows.getObject(2) != null) {
                    pairs.put(rows.getString(1), rows.getDouble(2));
                }
            }
        }
        return pairs;
    }

    private static List<Number> column(String query) throws SQLException {
        var values = new ArrayList<Number>();
        try (var connection = DriverManager.getConnection(jdbcUrl(), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement();
                var rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getBigDecimal(1));
            }
        }
        return values;
    }

    private static double decimal(String query) throws SQLException {
        return column(query).getFirst().doubleValue();
    }

    private static long single(String query) throws SQLException {
        return column(query).getFirst().longValue();
    }

    private static String jdbcUrl() {
        return infra.jdbcUrl(infra.environment().get("ANALYST_DB_NAME"));
    }
}
