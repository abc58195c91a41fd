package dev.analyst.agent.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.WarehouseSchema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BuiltInPlannerTests {

    private static final List<String> YES_NO = List.of("no", "yes");

    private final BuiltInPlanner planner = new BuiltInPlanner();

    private final DatasetReady homes = dataset(
            "homes",
            new TableSchema(
                    "homes",
                    "homes",
                    10,
                    List.of(
                            column("price", "bigint", List.of()),
                            column("area", "bigint", List.of()),
                            column("bedrooms", "bigint", List.of()),
                            column("garage", "text", YES_NO),
                            column("heating_type", "text", List.of("gas", "electric", "heat pump"))),
                    List.of(),
                    null));

    @Test
    void countsRows() {
        assertThat(sql("How many homes are there?")).isEqualTo("SELECT count(*) AS number_of_rows FROM homes");
    }

    @Test
    void averagesTheNamedColumn() {
        assertThat(sql("What is the mean area?")).isEqualTo("SELECT avg(area) AS average_area FROM homes");
    }

    @Test
    void groupsByTheColumnAfterBy() {
        assertThat(sql("Average price per heating type"))
                .isEqualTo("SELECT heating_type, avg(price) AS average_price FROM homes GROUP BY heating_type"
                        + " ORDER BY heating_type");
    }

    @Test
    void turnsComparisonsAndFlagsIntoFilters() {
        assertThat(sql("How many homes with more than 2 bedrooms have a garage?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM homes WHERE bedrooms > 2 AND garage = 'yes'");
        assertThat(sql("How many homes without a garage?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM homes WHERE garage = 'no'");
    }

    @Test
    void readsAbbreviatedColumnNames() {
        var decision = planner.plan(
                "Lowest price in the preferred area",
                null,
                List.of(dataset(
                        "houses",
                        new TableSchema(
                                "houses",
                                "houses",
                                10,
                                List.of(column("price", "bigint", List.of()), column("prefarea", "text", YES_NO)),
                                List.of(),
                                null))));
        assertThat(((Decision.Planned) decision).plan().sql())
                .isEqualTo("SELECT min(price) AS min_price FROM houses WHERE prefarea = 'yes'");
        assertThat(BuiltInPlanner.abbreviation(
                        "the hot water heating works", column("hotwaterheating", "text", YES_NO)))
                .isEqualTo("hot water heating");
        assertThat(BuiltInPlanner.abbreviation("a preface", column("prefarea", "text", YES_NO)))
                .isNull();
    }

    @Test
    void linksKnownValuesToTheirColumn() {
        assertThat(sql("Highest price of homes with heat pump"))
                .isEqualTo("SELECT max(price) AS max_price FROM homes WHERE heating_type = 'heat pump'");
    }

    @Test
    void ranksGroupsForWhichQuestions() {
        assertThat(sql("Which heating type has the highest average price?"))
                .isEqualTo("SELECT heating_type, avg(price) AS average_price FROM homes GROUP BY heating_type"
                        + " ORDER BY average_price DESC, heating_type LIMIT 1");
    }

    @Test
    void saysWhatItCannotPlaceRatherThanGuess() {
        var decision = planner.plan("What is the average shoe size?", null, List.of(homes));
        assertThat(decision).isInstanceOf(Decision.NotUnderstood.class);
        assertThat(((Decision.NotUnderstood) decision).suggestions()).isNotEmpty();
        assertThat(planner.plan("Why is the sky blue?", null, List.of(homes)))
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    private final DatasetReady sales = dataset(
            "sales",
            new TableSchema(
                    "orders",
                    "orders",
                    10,
                    List.of(
                            column("order_id", "int4", List.of()),
                            column("ordered_at", "timestamp", List.of()),
                            column("amount", "numeric", List.of())),
                    List.of(),
                    null));

    @Test
    void filtersByACalendarYearOfTheDateColumn() {
        var decision = planner.plan("How many orders were placed in 2023?", null, List.of(sales));
        assertThat(((Decision.Planned) decision).plan().sql())
                .isEqualTo("SELECT count(*) AS number_of_rows FROM orders"
                        + " WHERE ordered_at >= '2023-01-01' AND ordered_at < '2024-01-01'");
    }

    @Test
    void groupsByTimeBuckets() {
        var decision = planner.plan("Total amount per month", null, List.of(sales));
        assertThat(((Decision.Planned) decision).plan().sql())
                .isEqualTo(
                        "SELECT extract(month FROM ordered_at)::int AS month, sum(amount) AS total_amount FROM orders"
                                + " GROUP BY month ORDER BY month");
    }

    @Test
    void neverIgnoresANumberItCouldNotPlace() {
        assertThat(planner.plan("How many homes cost 500000?", null, List.of(homes)))
                .isInstanceOf(Decision.NotUnderstood.class);
        assertThat(planner.plan("What is the 90th percentile of price?", null, List.of(homes)))
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    @Test
    void refusesWhenThereIsNoDataset() {
        assertThat(planner.plan("How many rows?", null, List.of())).isInstanceOf(Decision.NoDataset.class);
        assertThat(planner.plan("How many rows?", "missing", List.of(homes))).isInstanceOf(Decision.NoDataset.class);
    }

    private String sql(String question) {
        var decision = planner.plan(question, null, List.of(homes));
        assertThat(decision).isInstanceOf(Decision.Planned.class);
        return ((Decision.Planned) decision).plan().sql();
    }

    private static ColumnSchema column(String name, String type, List<String> topValues) {
        return new ColumnSchema(name, name.replace('_', ' '), type, true, topValues, null);
    }

    private static DatasetReady dataset(String name, TableSchema table) {
        return new DatasetReady(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "t1",
                name,
                1,
                new WarehouseSchema("warehouse_t1"),
                List.of(table));
    }
}
