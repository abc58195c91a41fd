package dev.analyst.agent.builtin;

import static dev.analyst.agent.builtin.BuiltInPlannerTests.column;
import static dev.analyst.agent.builtin.BuiltInPlannerTests.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeepPlannerTests {

    private static final BuiltInPlanner PLANNER = new BuiltInPlanner(new Meanings());
    private final DeepPlanner deep = new DeepPlanner();

    /** Homes without a date: seven numbers, a key and a yes/no column that are no measures. */
    private static final DatasetReady HOMES = dataset(
            "homes",
            new TableSchema(
                    "homes",
                    "homes",
                    545,
                    List.of(
                            column("home_id", "bigint", List.of()),
                            column("price", "bigint", List.of()),
                            column("area", "bigint", List.of()),
                            column("bedrooms", "bigint", List.of()),
                            column("bathrooms", "bigint", List.of()),
                            column("stories", "bigint", List.of()),
                            column("parking", "bigint", List.of()),
                            column("lot_size", "bigint", List.of()),
                            column("garage", "text", List.of("no", "yes"))),
                    List.of(),
                    null));

    /** Orders with a date and money. */
    private static final DatasetReady SHOP = dataset(
            "shop",
            new TableSchema(
                    "orders",
                    "orders",
                    9_000,
                    List.of(
                            column("order_id", "integer", List.of()),
                            column("order_date", "date", List.of()),
                            column("sales", "numeric(12,2)", List.of()),
                            column("quantity", "integer", List.of()),
                            column("segment", "text", List.of("Consumer", "Corporate", "Home Office"))),
                    List.of(),
                    null));

    @Test
    void answersTheQuestionFirstThenDescribesCorrelatesAndFindsOutliersOfItsMeasureWithoutADate() {
        var own = own("What drives the price?", HOMES);
        assertThat(own.analysis()).isInstanceOf(LinearRegression.class);

        var steps = deep.plan(HOMES, "What drives the price?", own);

        assertThat(steps).extracting(Plan::analysis).hasSize(4);
        assertThat(steps.getFirst()).isEqualTo(own);
        assertThat(steps.get(1).analysis())
                .isEqualTo(new Describe(
                        List.of("price", "area", "bedrooms", "bathrooms", "stories", "parking", "lot_size")));
        assertThat(steps.get(1).sql())
                .isEqualTo("SELECT price, area, bedrooms, bathrooms, stories, parking, lot_size FROM homes");
        assertThat(steps.get(2).analysis())
                .as("the main measure first, at most six columns")
                .isEqualTo(new CorrelationMatrix(
                        List.of("price", "area", "bedrooms", "bathrooms", "stories", "parking"),
                        CorrelationMatrix.Coefficient.PEARSON));
        assertThat(steps.get(3).analysis()).isEqualTo(new OutlierDetection("price", OutlierDetection.Rule.IQR, 0));
        assertThat(steps.get(3).sql()).isEqualTo("SELECT price FROM homes");
        assertThat(steps).noneMatch(step -> step.analysis() instanceof TrendForecast);
    }

    @Test
    void addsTheTrendOfTheMeasureOverTheDateColumnAndSkipsWhatTheQuestionAlreadyAsks() {
        var own = own("describe sales and quantity", SHOP);
        assertThat(own.analysis()).isInstanceOf(Describe.class);

        var steps = deep.plan(SHOP, "describe sales and quantity", own);

        assertThat(steps)
                .extracting(step -> step.analysis().getClass().getSimpleName())
                .as("the question's own description is not repeated")
                .containsExactly("Describe", "CorrelationMatrix", "OutlierDetection", "TrendForecast");
        assertThat(steps.get(1).analysis())
                .isEqualTo(new CorrelationMatrix(List.of("sales", "quantity"), CorrelationMatrix.Coefficient.PEARSON));
        assertThat(steps.get(2).analysis()).isEqualTo(new OutlierDetection("sales", OutlierDetection.Rule.IQR, 0));
        var trend = steps.get(3);
        assertThat(trend.analysis()).isEqualTo(new TrendForecast("month", "average_sales", 0));
        assertThat(trend.sql())
                .isEqualTo("SELECT date_trunc('month', order_date)::date AS month, avg(sales) AS average_sales"
                        + " FROM orders WHERE order_date IS NOT NULL GROUP BY date_trunc('month', order_date)::date"
                        + " ORDER BY date_trunc('month', order_date)::date");
    }

    @Test
    void withoutAPlanOfItsOwnTakesTheMeasureTheQuestionNames() {
        var steps = deep.plan(SHOP, "tell me everything about quantity", null);

        assertThat(steps)
                .extracting(step -> step.analysis().getClass().getSimpleName())
                .containsExactly("Describe", "CorrelationMatrix", "OutlierDetection", "TrendForecast");
        assertThat(steps.get(2).analysis()).isEqualTo(new OutlierDetection("quantity", OutlierDetection.Rule.IQR, 0));
        assertThat(steps)
                .allMatch(step -> step.datasetId().equals(SHOP.datasetId())
                        && step.table().equals("orders"));
    }

    private static Plan own(String question, DatasetReady dataset) {
        var decision = PLANNER.plan(question, dataset.name(), List.of(dataset));
        assertThat(decision).isInstanceOf(Decision.Planned.class);
        return ((Decision.Planned) decision).plan();
    }
}
