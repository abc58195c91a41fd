package dev.analyst.execution.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.dashboard.ChartTile;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardTile;
import dev.analyst.contracts.dashboard.Grid;
import dev.analyst.contracts.dashboard.KpiTile;
import dev.analyst.contracts.dashboard.TableTile;
import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.Correlation;
import dev.analyst.contracts.dataset.ExternalPostgres;
import dev.analyst.contracts.dataset.NumericProfile;
import dev.analyst.contracts.dataset.QualityFinding;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.TextProfile;
import dev.analyst.contracts.dataset.ValueCount;
import dev.analyst.contracts.dataset.ValueRange;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.sql.SqlValidator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DashboardGeneratorTests {

    private static final String SCHEMA = "warehouse_acme";

    private static final SqlValidator validator = new SqlValidator();

    private final DashboardGenerator generator = new DashboardGenerator();

    @AfterAll
    static void closeValidator() {
        validator.close();
    }

    @Test
    void drawsAHousingTableByItsValueIncomeAndOceanProximity() {
        var table = new TableSchema(
                "housing",
                "housing.csv",
                20_640,
                List.of(
                        numeric("longitude", "Longitude", -124.3, -114.3),
                        numeric("latitude", "Latitude", 32.5, 42),
                        numeric("housing_median_age", "Housing Median Age", 1, 52),
                        numeric("total_rooms", "Total Rooms", 2, 39_320),
                        numeric("median_income", "Median Income", 0.5, 15),
                        numeric("median_house_value", "Median House Value", 14_999, 500_001),
                        text(
                                "ocean_proximity",
                                "Ocean Proximity",
                                "<1H OCEAN",
                                "INLAND",
                                "NEAR OCEAN",
                                "NEAR BAY",
                                "ISLAND")),
                List.of(),
                new TableProfile(
                        List.of(
                                new Correlation("longitude", "latitude", -0.92),
                                new Correlation("median_income", "median_house_value", 0.69),
                                new Correlation("total_rooms", "median_income", 0.2)),
                        List.of(),
                        List.of()));

        Dashboard dashboard = generate(table);

        assertWellFormed(dashboard);
        assertThat(kpis(dashboard))
                .extracting(KpiTile::title)
                .containsExactly(
                        "Rows", "Average Median House Value", "Distinct Ocean Proximity", "Average Median Income");
        assertThat(kpis(dashboard).get(1).sql())
                .isEqualTo("SELECT round(avg(\"median_house_value\")::numeric, 2) AS \"value\" FROM \"housing\"");
        assertThat(charts(dashboard))
                .extracting(tile -> tile.chart().type())
                .contains("histogram", "bar", "scatter", "pie", "box");
        ChartSpec histogram = chart(dashboard, "histogram");
        assertThat(histogram.x()).isEqualTo("median_house_value");
        assertThat(histogram.xLabel()).isEqualTo("Median House Value");
        // Longitude and latitude correlate more strongly, but they are coordinates, not measures.
        ChartSpec scatter = chart(dashboard, "scatter");
        assertThat(List.of(scatter.x(), scatter.y().getFirst())).containsExactly("median_income", "median_house_value");
        ChartSpec bar = chart(dashboard, "bar");
        assertThat(bar.x()).isEqualTo("ocean_proximity");
        assertThat(bar.xLabel()).isEqualTo("Ocean Proximity");
        assertThat(table(dashboard).sql())
                .startsWith("SELECT \"longitude\" AS \"Longitude\", ")
                .endsWith(" FROM \"housing\" LIMIT 20");
    }

    @Test
    void drawsSalesOverTimeAndKeepsTheirIdOutOfTheMeasures() {
        var table = new TableSchema(
                "sales",
                "sales.csv",
                1_000,
                List.of(
                        new ColumnSchema(
                                "order_id", "Order ID", "bigint", false, List.of(), numericProfile(1, 1000, 1000)),
                        text("region", "Region", "north", "south", "east", "west"),
                        numeric("amount", "Amount (EUR)", 1, 500),
                        new ColumnSchema(
                                "sold_on",
                                "Sold on",
                                "date",
                                true,
                                List.of(),
                                new ColumnProfile(
                                        0.01, 300, null, null, new ValueRange("2023-01-01", "2024-06-30"), null))),
                List.of(),
                new TableProfile(
                        List.of(new Correlation("order_id", "amount", 0.99)),
                        List.of(),
                        List.of(new QualityFinding("unique-key", List.of("order_id"), "order_id looks like a key."))));

        Dashboard dashboard = generate(table);

        assertWellFormed(dashboard);
        assertThat(kpis(dashboard))
                .extracting(KpiTile::title)
                .containsExactly("Rows", "Total Amount (EUR)", "Distinct Region", "Sold on span");
        ChartSpec line = chart(dashboard, "line");
        assertThat(line.x()).isEqualTo("sold_on");
        assertThat(line.xLabel()).isEqualTo("Sold on");
        assertThat(charts(dashboard))
                .filteredOn(tile -> tile.chart().type().equals("line"))
                .singleElement()
                .satisfies(tile -> assertThat(tile.sql()).contains("date_trunc('month', \"sold_on\")"));
        assertThat(charts(dashboard)).noneMatch(tile -> tile.sql().contains("order_id"));
        assertThat(charts(dashboard)).noneMatch(tile -> tile.chart().type().equals("scatter"));
    }

    @Test
    void drawsATableOfTextOnly() {
        var table = new TableSchema(
                "people",
                "people.csv",
                200,
                List.of(
                        new ColumnSchema(
                                "name",
                                "Full name",
                                "text",
                                false,
                                List.of(),
                                new ColumnProfile(0, 200, null, new TextProfile(3, 30, List.of()), null, null)),
                        text("city", "City", "Paris", "Lyon", "Nice")),
                List.of(),
                null);

        Dashboard dashboard = generate(table);

        assertWellFormed(dashboard);
        assertThat(kpis(dashboard)).extracting(KpiTile::title).startsWith("Rows", "Distinct City");
        assertThat(chart(dashboard, "pie").x()).isEqualTo("city");
        assertThat(chart(dashboard, "pie").xLabel()).isEqualTo("City");
    }

    @Test
    void drawsATableOfOneColumn() {
        var table = new TableSchema(
                "words",
                "words.txt",
                50,
                List.of(new ColumnSchema(
                        "word",
                        "Word",
                        "text",
                        true,
                        List.of(),
                        new ColumnProfile(0.1, 45, null, new TextProfile(1, 12, List.of()), null, null))),
                List.of(),
                null);

        Dashboard dashboard = generate(table);

        assertWellFormed(dashboard);
        assertThat(kpis(dashboard))
                .extracting(KpiTile::title)
                .containsExactly("Rows", "Distinct Word", "Most common Word", "Missing Word");
        assertThat(charts(dashboard)).extracting(ChartTile::title).contains("Most common values of Word");
    }

    @Test
    void drawsTheTableWithTheMostToShowOfAConnectedDatabaseNotItsLargestLinkTable() {
        var playlistTracks = new TableSchema(
                "playlist_track",
                "playlist_track",
                8_715,
                List.of(
                        new ColumnSchema("playlist_id", "playlist_id", "integer", false, List.of(), null),
                        new ColumnSchema("track_id", "track_id", "integer", false, List.of(), null)),
                List.of(),
                null);
        var customers = new TableSchema(
                "customers",
                "customers",
                90,
                List.of(
                        new ColumnSchema("customer_id", "customer_id", "integer", false, List.of(), null),
                        new ColumnSchema(
                                "country", "Country", "character varying", true, List.of("USA", "Brazil"), null)),
                List.of(),
                null);
        var invoices = new TableSchema(
                "invoices",
                "Invoices",
                412,
                List.of(
                        new ColumnSchema("invoice_id", "invoice_id", "integer", false, List.of(), null),
                        new ColumnSchema(
                                "billing_country",
                                "Billing country",
                                "character varying",
                                true,
                                List.of("USA", "Canada", "France"),
                                null),
                        new ColumnSchema("total", "Total", "numeric(10,2)", false, List.of(), null),
                        new ColumnSchema("unit_price", "Unit price", "numeric(10,2)", false, List.of(), null),
                        new ColumnSchema(
                                "invoice_date", "Invoice date", "timestamp without time zone", false, List.of(), null)),
                List.of(),
                null);
        var dataset = new CatalogEntry(
                UUID.randomUUID(),
                "acme",
                3,
                new ExternalPostgres("db.example.com", 5432, "chinook", "public", "reader", "sealed"),
                "chinook",
                List.of(customers, playlistTracks, invoices));

        Dashboard dashboard = generator.generate(dataset, List.of());

        assertWellFormed(dashboard, "public");
        assertThat(dashboard.title()).isEqualTo("chinook");
        assertThat(dashboard.datasetVersion()).isEqualTo(3);
        assertThat(dashboard.tiles()).allMatch(tile -> tile.sql().contains("\"invoices\""));
        assertThat(charts(dashboard)).extracting(tile -> tile.chart().type()).contains("line", "scatter", "bar");
    }

    @Test
    void keepsPinnedChartsAfterTheGeneratedOnes() {
        var pinned = new ChartTile(
                "Sales by region",
                "SELECT region, sum(amount) AS total FROM sales GROUP BY region",
                new ChartSpec("bar", "Sales by region", "region", List.of("total"), "Region", "Total"),
                null,
                true,
                new Grid(0, 0, 6, 4),
                null);
        var table =
                new TableSchema("sales", "sales.csv", 3, List.of(numeric("amount", "Amount", 1, 10)), List.of(), null);

        Dashboard dashboard = generator.generate(entry(table), List.of(pinned));

        assertWellFormed(dashboard);
        assertThat(charts(dashboard)).last().satisfies(tile -> {
            assertThat(tile.pinned()).isTrue();
            assertThat(tile.sql()).isEqualTo(pinned.sql());
        });
        assertThat(charts(dashboard).stream().filter(ChartTile::pinned)).hasSize(1);
    }

    private Dashboard generate(TableSchema table) {
        return generator.generate(entry(table), List.of());
    }

    private static CatalogEntry entry(TableSchema table) {
        return new CatalogEntry(
                UUID.randomUUID(), "acme", 1, new WarehouseSchema(SCHEMA), table.label(), List.of(table));
    }

    private static void assertWellFormed(Dashboard dashboard) {
        assertWellFormed(dashboard, SCHEMA);
    }

    /** 3 or 4 KPIs, 3 to 6 generated charts, one table, each tile's SQL valid, no two tiles on a cell. */
    private static void assertWellFormed(Dashboard dashboard, String schema) {
        assertThat(kpis(dashboard)).hasSizeBetween(3, 4);
        assertThat(charts(dashboard).stream().filter(tile -> !tile.pinned())).hasSizeBetween(3, 6);
        assertThat(dashboard.tiles()).filteredOn(TableTile.class::isInstance).hasSize(1);
        assertThat(dashboard.tiles())
                .allSatisfy(tile -> assertThatCode(() -> validator.validate(tile.sql(), schema))
                        .as(tile.sql())
                        .doesNotThrowAnyException());
        assertThat(kpis(dashboard))
                .allSatisfy(kpi -> assertThat(kpi.grid().width()).isEqualTo(3));
        assertThat(charts(dashboard))
                .allSatisfy(chart -> assertThat(chart.grid().width()).isEqualTo(6));
        assertThat(table(dashboard).grid().width()).isEqualTo(Grid.COLUMNS);
        var cells = new HashSet<String>();
        for (DashboardTile tile : dashboard.tiles()) {
            Grid grid = tile.grid();
            assertThat(grid.x() + grid.width()).isLessThanOrEqualTo(Grid.COLUMNS);
            for (int x = grid.x(); x < grid.x() + grid.width(); x++) {
                for (int y = grid.y(); y < grid.y() + grid.height(); y++) {
                    assertThat(cells.add(x + "," + y))
                            .as("cell %d,%d of %s", x, y, tile.title())
                            .isTrue();
                }
            }
        }
        assertThat(dashboard.tiles()).allMatch(tile -> tile.problem() == null);
    }

    private static List<KpiTile> kpis(Dashboard dashboard) {
        return dashboard.tiles().stream()
                .filter(KpiTile.class::isInstance)
                .map(KpiTile.class::cast)
                .toList();
    }

    private static List<ChartTile> charts(Dashboard dashboard) {
        return dashboard.tiles().stream()
                .filter(ChartTile.class::isInstance)
                .map(ChartTile.class::cast)
                .toList();
    }

    private static ChartSpec chart(Dashboard dashboard, String type) {
        return charts(dashboard).stream()
                .map(ChartTile::chart)
                .filter(spec -> spec.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + type + " chart"));
    }

    private static TableTile table(Dashboard dashboard) {
        return dashboard.tiles().stream()
                .filter(TableTile.class::isInstance)
                .map(TableTile.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static ColumnSchema numeric(String name, String label, double min, double max) {
        return new ColumnSchema(name, label, "double precision", false, List.of(), numericProfile(min, max, 500));
    }

    private static ColumnProfile numericProfile(double min, double max, long distinct) {
        double mid = (min + max) / 2;
        return new ColumnProfile(
                0,
                distinct,
                new NumericProfile(min, max, mid, 1, min, mid, mid, mid, max, List.of(), 0),
                null,
                null,
                null);
    }

    private static ColumnSchema text(String name, String label, String... values) {
        var counts = java.util.Arrays.stream(values)
                .map(value -> new ValueCount(value, 10))
                .toList();
        return new ColumnSchema(
                name,
                label,
                "text",
                false,
                List.of(values),
                new ColumnProfile(0, values.length, null, new TextProfile(1, 12, counts), null, null));
    }
}
