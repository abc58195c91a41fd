package dev.analyst.agent.builtin;

import static dev.analyst.agent.builtin.BuiltInPlannerTests.column;
import static dev.analyst.agent.builtin.BuiltInPlannerTests.dataset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.analysis.Analysis;
import dev.analyst.contracts.analysis.Anova;
import dev.analyst.contracts.analysis.ChiSquareTest;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.KMeansClustering;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.analysis.LogisticRegression;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.TTest;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.Correlation;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisPlanningTests {

    private static final Meanings MEANINGS = new Meanings();
    private final BuiltInPlanner planner = new BuiltInPlanner(MEANINGS);

    private static final List<String> YES_NO = List.of("no", "yes");

    /** Homes: numbers, two yes/no columns, a three-valued category, a profile of correlations. */
    private static final DatasetReady HOMES = dataset(
            "homes",
            new TableSchema(
                    "homes",
                    "homes",
                    545,
                    List.of(
                            column("price", "bigint", List.of()),
                            column("area", "bigint", List.of()),
                            column("bedrooms", "bigint", List.of()),
                            column("stories", "bigint", List.of()),
                            column("parking", "bigint", List.of()),
                            column("garage", "text", YES_NO),
                            column("airconditioning", "text", YES_NO),
                            column("furnishing_status", "text", List.of("furnished", "semi-furnished", "unfurnished"))),
                    List.of(),
                    new TableProfile(
                            List.of(
                                    new Correlation("price", "area", 0.54),
                                    new Correlation("price", "bedrooms", 0.37),
                                    new Correlation("price", "stories", 0.42),
                                    new Correlation("price", "parking", 0.38),
                                    new Correlation("area", "bedrooms", 0.15)),
                            List.of(),
                            List.of())));

    /** Orders of a shop: a date, money, a segment of three values, a region of many, a returned flag. */
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
                            column("discount", "double precision", List.of()),
                            column("profit", "numeric(12,2)", List.of()),
                            new ColumnSchema(
                                    "customer_segment",
                                    "Customer Segment",
                                    "text",
                                    true,
                                    List.of("Consumer", "Corporate", "Home Office"),
                                    new ColumnProfile(0, 3, null, null, null, null)),
                            column("region", "text", List.of("East", "West", "Central", "South")),
                            column("returned", "boolean", List.of())),
                    List.of(),
                    null));

    @Test
    void correlatesSeveralNumbersPearsonOrByRank() {
        assertAnalysis(HOMES, "How are price, area and bedrooms correlated?")
                .isEqualTo(new CorrelationMatrix(
                        List.of("price", "area", "bedrooms"), CorrelationMatrix.Coefficient.PEARSON));
        assertThat(plan(HOMES, "How are price, area and bedrooms correlated?").sql())
                .isEqualTo("SELECT price, area, bedrooms FROM homes");
        assertAnalysis(HOMES, "What is the Spearman correlation between price and area?")
                .isEqualTo(new CorrelationMatrix(List.of("price", "area"), CorrelationMatrix.Coefficient.SPEARMAN));
        assertAnalysis(SHOP, "Show the rank correlation of sales, profit and discount")
                .isEqualTo(new CorrelationMatrix(
                        List.of("sales", "profit", "discount"), CorrelationMatrix.Coefficient.SPEARMAN));
        assertAnalysis(SHOP, "correlation matrix")
                .isEqualTo(new CorrelationMatrix(
                        List.of("sales", "quantity", "discount", "profit"), CorrelationMatrix.Coefficient.PEARSON));
        assertAnalysis(HOMES, "Are price and area correlated for homes with a garage?")
                .isEqualTo(new CorrelationMatrix(List.of("price", "area"), CorrelationMatrix.Coefficient.PEARSON));
        assertThat(plan(HOMES, "Are price and area correlated for homes with a garage?")
                        .sql())
                .isEqualTo("SELECT price, area FROM homes WHERE garage = 'yes'");
    }

    @Test
    void leavesTheOneCoefficientOfTwoColumnsToTheQuery() {
        var plan = plan(HOMES, "What is the correlation between area and price?");
        assertThat(plan.analysis()).isNull();
        assertThat(plan.sql()).isEqualTo("SELECT corr(area, price) AS correlation FROM homes");
    }

    @Test
    void describesTheNamedNumbersOrEveryNumber() {
        assertAnalysis(HOMES, "Describe price and area").isEqualTo(new Describe(List.of("price", "area")));
        assertAnalysis(SHOP, "Summary statistics of sales").isEqualTo(new Describe(List.of("sales")));
        assertAnalysis(SHOP, "Give me descriptive statistics")
                .isEqualTo(new Describe(List.of("sales", "quantity", "discount", "profit")));
        assertThat(plan(SHOP, "Summary statistics of sales in 2023").sql())
                .isEqualTo("SELECT sales FROM orders WHERE order_date >= '2023-01-01' AND order_date < '2024-01-01'");
    }

    @Test
    void regressesANumberOnTheNamedNumbersOrTheMostCorrelatedOnes() {
        assertAnalysis(HOMES, "Regress price on area and bedrooms")
                .isEqualTo(new LinearRegression("price", List.of("area", "bedrooms")));
        assertThat(plan(HOMES, "Regress price on area and bedrooms").sql())
                .isEqualTo("SELECT price, area, bedrooms FROM homes");
        assertAnalysis(HOMES, "What drives price?")
                .isEqualTo(new LinearRegression("price", List.of("area", "stories", "parking", "bedrooms")));
        assertAnalysis(HOMES, "How does price depend on area and stories?")
                .isEqualTo(new LinearRegression("price", List.of("area", "stories")));
        assertAnalysis(SHOP, "What is the effect of discount on profit?")
                .isEqualTo(new LinearRegression("profit", List.of("discount")));
        assertAnalysis(SHOP, "What explains profit?")
                .as("no profile: the table's other numbers, at most five")
                .isEqualTo(new LinearRegression("profit", List.of("sales", "quantity", "discount")));
    }

    @Test
    void predictsATwoValuedOutcomeWithALogisticRegression() {
        assertAnalysis(HOMES, "What predicts whether a home has air conditioning?")
                .isEqualTo(new LogisticRegression(
                        "airconditioning", List.of("price", "area", "bedrooms", "stories", "parking"), "yes"));
        assertThat(plan(HOMES, "What predicts whether a home has air conditioning?")
                        .sql())
                .as("no condition on the outcome itself")
                .isEqualTo("SELECT airconditioning, price, area, bedrooms, stories, parking FROM homes");
        assertAnalysis(SHOP, "What is the probability of an order being returned given discount and quantity?")
                .isEqualTo(new LogisticRegression("returned", List.of("discount", "quantity"), null));
    }

    @Test
    void clustersRowsIntoTheGroupsAsked() {
        assertAnalysis(HOMES, "Cluster the homes into 3 groups by price and area")
                .isEqualTo(new KMeansClustering(List.of("price", "area"), 3));
        assertAnalysis(SHOP, "Segment orders into four groups of similar sales and profit")
                .isEqualTo(new KMeansClustering(List.of("sales", "profit"), 4));
        assertAnalysis(SHOP, "Find clusters of similar orders")
                .isEqualTo(new KMeansClustering(List.of("sales", "quantity", "discount", "profit"), 0));
    }

    @Test
    void findsOutliersByTheRuleSaid() {
        assertAnalysis(HOMES, "Are there outliers in price?")
                .isEqualTo(new OutlierDetection("price", OutlierDetection.Rule.IQR, 0));
        assertAnalysis(SHOP, "Find unusual values of profit using z-scores above 2.5")
                .isEqualTo(new OutlierDetection("profit", OutlierDetection.Rule.Z_SCORE, 2.5));
        assertAnalysis(SHOP, "Which sales are anomalies, more than 3 standard deviations from the mean?")
                .isEqualTo(new OutlierDetection("sales", OutlierDetection.Rule.Z_SCORE, 3));
        assertAnalysis(HOMES, "Which homes have outlying prices by z-score?")
                .isEqualTo(new OutlierDetection("price", OutlierDetection.Rule.Z_SCORE, 0));
    }

    @Test
    void forecastsAMeasurePerPeriodOfTheDateColumn() {
        assertAnalysis(SHOP, "Forecast sales for the next 6 months")
                .isEqualTo(new TrendForecast("month", "total_sales", 6));
        assertThat(plan(SHOP, "Forecast sales for the next 6 months").sql())
                .isEqualTo("SELECT date_trunc('month', order_date)::date AS month, sum(sales) AS total_sales"
                        + " FROM orders WHERE order_date IS NOT NULL GROUP BY date_trunc('month', order_date)::date"
                        + " ORDER BY date_trunc('month', order_date)::date");
        assertAnalysis(SHOP, "Predict the average discount for the next 2 years")
                .isEqualTo(new TrendForecast("year", "average_discount", 2));
        assertAnalysis(SHOP, "What is the trend of the number of orders per quarter?")
                .isEqualTo(new TrendForecast("quarter", "number_of_orders", 0));
        assertAnalysis(SHOP, "Project profit in the West for the next quarter")
                .isEqualTo(new TrendForecast("quarter", "total_profit", 1));
        assertThat(plan(SHOP, "Project profit in the West for the next quarter").sql())
                .contains("WHERE order_date IS NOT NULL AND region = 'West' GROUP BY");
        assertThat(planner.plan("Forecast price for the next 3 months", null, List.of(HOMES)))
                .as("no date to forecast along")
                .isNotInstanceOf(Decision.Planned.class);
    }

    @Test
    void comparesMeansWithATTestForTwoGroupsAndAnAnovaForMore() {
        assertAnalysis(HOMES, "Is price different between homes with and without a garage?")
                .isEqualTo(new TTest("price", "garage"));
        assertAnalysis(HOMES, "Is the price different between furnished and unfurnished homes?")
                .isEqualTo(new TTest("price", "furnishing_status"));
        assertThat(plan(HOMES, "Is the price different between furnished and unfurnished homes?")
                        .sql())
                .isEqualTo("SELECT price, furnishing_status FROM homes"
                        + " WHERE furnishing_status IN ('unfurnished', 'furnished')");
        assertAnalysis(HOMES, "Does area differ across furnishing status?")
                .isEqualTo(new Anova("area", "furnishing_status"));
        assertAnalysis(SHOP, "Compare the average profit between the groups of customer segment")
                .isEqualTo(new Anova("profit", "customer_segment"));
        assertAnalysis(SHOP, "Is there a significant difference in sales between regions?")
                .isEqualTo(new Anova("sales", "region"));
        assertAnalysis(SHOP, "Compare average discount across returned orders")
                .isEqualTo(new TTest("discount", "returned"));
        assertAnalysis(HOMES, "How does price depend on furnishing status?")
                .isEqualTo(new Anova("price", "furnishing_status"));
    }

    @Test
    void testsTwoCategoriesForIndependence() {
        assertAnalysis(HOMES, "Is garage related to furnishing status?")
                .isEqualTo(new ChiSquareTest("garage", "furnishing_status"));
        assertThat(plan(HOMES, "Is garage related to furnishing status?").sql())
                .isEqualTo("SELECT garage, furnishing_status FROM homes");
        assertAnalysis(SHOP, "Is region independent of customer segment?")
                .isEqualTo(new ChiSquareTest("region", "customer_segment"));
        assertAnalysis(SHOP, "Is the relationship between region and returned significant?")
                .isEqualTo(new ChiSquareTest("region", "returned"));
        assertAnalysis(SHOP, "Is profit related to region?").isEqualTo(new Anova("profit", "region"));
        assertAnalysis(HOMES, "Is price associated with area?")
                .isEqualTo(new CorrelationMatrix(List.of("price", "area"), CorrelationMatrix.Coefficient.PEARSON));
    }

    @Test
    void plansOrdinaryQuestionsAsQueries() {
        for (var question : List.of(
                "What is the average price?",
                "Average price by furnishing status",
                "How many homes have a garage?",
                "Show the average price by number of bedrooms",
                "Top 5 largest homes: their area and price",
                "Average price with and without a garage",
                "What is the median price?")) {
            assertThat(plan(HOMES, question).analysis()).as(question).isNull();
        }
        for (var question : List.of(
                "Total sales per year",
                "Monthly sales in 2023",
                "Sales by customer segment",
                "How many orders were returned?",
                "Which region has the highest total profit?",
                "What is the difference between the maximum and minimum sales?")) {
            var decision = planner.plan(question, null, List.of(SHOP));
            if (decision instanceof Decision.Planned planned) {
                assertThat(planned.plan().analysis()).as(question).isNull();
            }
        }
    }

    private org.assertj.core.api.ObjectAssert<Analysis> assertAnalysis(DatasetReady dataset, String question) {
        var analysis = plan(dataset, question).analysis();
        assertThat(analysis).as(question).isNotNull();
        return assertThat(analysis).as(question);
    }

    private Plan plan(DatasetReady dataset, String question) {
        var decision = planner.plan(question, null, List.of(dataset));
        assertThat(decision).as(question).isInstanceOf(Decision.Planned.class);
        return ((Decision.Planned) decision).plan();
    }
}
