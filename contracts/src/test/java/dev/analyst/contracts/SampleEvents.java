package dev.analyst.contracts;

import dev.analyst.contracts.analysis.AnalysisResult;
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
import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.budget.BudgetSet;
import dev.analyst.contracts.dashboard.ChartPinned;
import dev.analyst.contracts.dashboard.ChartTile;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardPublished;
import dev.analyst.contracts.dashboard.DashboardRequested;
import dev.analyst.contracts.dashboard.Grid;
import dev.analyst.contracts.dashboard.KpiTile;
import dev.analyst.contracts.dashboard.TableTile;
import dev.analyst.contracts.dataset.BooleanCounts;
import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.Correlation;
import dev.analyst.contracts.dataset.DatasetFailed;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.ExternalPostgres;
import dev.analyst.contracts.dataset.ForeignKey;
import dev.analyst.contracts.dataset.HistogramBucket;
import dev.analyst.contracts.dataset.IngestionProgressed;
import dev.analyst.contracts.dataset.NumericProfile;
import dev.analyst.contracts.dataset.QualityFinding;
import dev.analyst.contracts.dataset.TableProfile;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.TextProfile;
import dev.analyst.contracts.dataset.ValueCount;
import dev.analyst.contracts.dataset.ValueRange;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.question.RunCancelRequested;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ChartDesigned;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.ResultProduced;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.RunStarted;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.run.StageCompleted;
import dev.analyst.contracts.run.SummaryDelta;
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.AnalysisSucceeded;
import dev.analyst.contracts.step.ChartHydrated;
import dev.analyst.contracts.step.ChartRequested;
import dev.analyst.contracts.step.StepError;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** One realistic instance of every event record and location, with fixed ids and times so golden files stay put. */
final class SampleEvents {

    static final Instant AT = Instant.parse("2026-03-14T09:26:53.589Z");
    static final UUID CONVERSATION = UUID.fromString("5c0f1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f");
    static final UUID RUN = UUID.fromString("9b2e4f60-1c3d-4e5f-a617-28394a5b6c7d");
    static final UUID STEP = UUID.fromString("d4e5f607-1829-4a3b-9c4d-5e6f708192a3");
    static final UUID DATASET = UUID.fromString("2f8a6c4e-0b1d-4f3a-9e5c-7d9b1f3a5c7e");
    static final String TENANT = "acme";
    static final String USER = "ada";
    static final String QUESTION = "Which 2 countries brought the most revenue in 2025?";
    static final String SQL = "SELECT country, sum(amount) AS revenue FROM orders WHERE order_date >= DATE '2025-01-01'"
            + " GROUP BY country ORDER BY revenue DESC LIMIT 2";

    static final ResultTable RESULT = new ResultTable(
            List.of(
                    new ResultColumn("country", "text"),
                    new ResultColumn("revenue", "numeric"),
                    new ResultColumn("orders", "bigint"),
                    new ResultColumn("first_order", "date"),
                    new ResultColumn("returning", "boolean")),
            // Arrays.asList because a cell may be null; numbers come back from JSON as Integer or Double.
            List.of(
                    Arrays.asList("Brazil", 1284500.75, 412, "2025-01-03", true),
                    Arrays.asList("Chile", 98000.5, 37, null, false)),
            false);

    static final ChartSpec CHART =
            new ChartSpec("bar", "Revenue by country, 2025", "country", List.of("revenue"), "Country", "Revenue");

    static final ChartFigure FIGURE = new ChartFigure(
            CHART,
            List.of(new TreeMap<>(Map.of(
                    "type",
                    "bar",
                    "name",
                    "Revenue",
                    "x",
                    List.of("Brazil", "Chile"),
                    "y",
                    List.of(1284500.75, 98000.5)))),
            new TreeMap<>(Map.of(
                    "title",
                    Map.of("text", "Revenue by country, 2025"),
                    "xaxis",
                    Map.of("title", Map.of("text", "Country")),
                    "yaxis",
                    Map.of("title", Map.of("text", "Revenue")))),
            null);

    static final AnalysisResult ANALYSIS = new AnalysisResult(
            "Revenue explained by discount and items",
            new ResultTable(
                    List.of(
                            new ResultColumn("term", "text"),
                            new ResultColumn("coefficient", "float8"),
                            new ResultColumn("std_error", "float8"),
                            new ResultColumn("p_value", "float8")),
                    List.of(
                            Arrays.asList("(intercept)", 12.5, 1.25, 0.0001),
                            Arrays.asList("discount", -3.5, 0.5, 0.002),
                            Arrays.asList("items", 8.25, 0.75, 0.0001)),
                    false),
            Map.of("r_squared", 0.64, "n", 48_000.0),
            List.of("discount and items explain 64% of the variation in revenue (R² = 0.64, n = 48,000)."),
            new ChartSpec("bar", "Coefficients", "term", List.of("coefficient"), "Term", "Coefficient"));

    static final Dashboard DASHBOARD = new Dashboard(
            DATASET,
            TENANT,
            3,
            "orders",
            List.of(
                    new KpiTile("Orders", "SELECT count(*) FROM orders", 48_000, new Grid(0, 0, 3, 2), null),
                    new ChartTile("Revenue by country, 2025", SQL, CHART, FIGURE, true, new Grid(0, 2, 6, 4), null),
                    new TableTile(
                            "A sample of orders",
                            "SELECT * FROM orders LIMIT 10",
                            RESULT,
                            new Grid(0, 6, 12, 4),
                            null)));

    static final WarehouseSchema WAREHOUSE = new WarehouseSchema("warehouse_acme");

    static final ExternalPostgres EXTERNAL = new ExternalPostgres(
            "db.acme.example",
            5432,
            "sales",
            "public",
            "analyst_ro",
            "3q2+7wAAAAAAAAAAc2VhbGVkLXBhc3N3b3JkLWNpcGhlcnRleHQ=");

    /** Every sample, events first, in the order of {@link Topic} and of each sealed type's permits clause. */
    static final List<Object> ALL = List.of(
            new QuestionAsked(id(1), AT, RUN, CONVERSATION, TENANT, USER, QUESTION, null),
            new AnswerRated(id(19), AT, RUN, CONVERSATION, TENANT, USER, true),
            new RunCancelRequested(id(28), AT, RUN, CONVERSATION, TENANT, USER),
            new StepRequested(id(2), AT, RUN, STEP, TENANT, DATASET, 1, SQL, 1000),
            new AnalysisRequested(
                    id(20),
                    AT,
                    RUN,
                    STEP,
                    TENANT,
                    DATASET,
                    1,
                    "SELECT revenue, discount, items FROM orders",
                    100_000,
                    new LinearRegression("revenue", List.of("discount", "items"))),
            new ChartRequested(id(21), AT, RUN, STEP, TENANT, DATASET, SQL, CHART),
            new StepSucceeded(id(3), AT, RUN, STEP, RESULT, 42),
            new AnalysisSucceeded(id(22), AT, RUN, STEP, ANALYSIS, null, 57),
            new ChartHydrated(id(23), AT, RUN, STEP, FIGURE),
            new StepFailed(id(4), AT, RUN, STEP, StepError.UNKNOWN_OBJECT, "column \"contry\" does not exist"),
            new RunStarted(id(5), AT, RUN, CONVERSATION, TENANT, QUESTION),
            new ProgressReported(id(6), AT, RUN, "plan", "Looking for revenue by country in orders"),
            new SqlGenerated(id(7), AT, RUN, DATASET, "orders", 2, SQL),
            new ResultProduced(id(8), AT, RUN, RESULT),
            new ChartDesigned(id(9), AT, RUN, CHART, FIGURE),
            new StageCompleted(
                    id(17),
                    AT,
                    RUN,
                    "plan",
                    "openai",
                    "gpt-4.1-mini",
                    new TreeMap<>(Map.of("question", QUESTION, "tables", List.of("orders"))),
                    new TreeMap<>(Map.of("measureLabel", "revenue", "sql", SQL)),
                    List.of("anthropic: the circuit is open after repeated failures")),
            new SummaryDelta(id(18), AT, RUN, 0, "Brazil brought the most revenue"),
            new SummaryWritten(id(10), AT, RUN, "Brazil brought the most revenue in 2025 (1,284,500.75)."),
            new AnswerCompleted(
                    id(11),
                    AT,
                    RUN,
                    CONVERSATION,
                    TENANT,
                    "Brazil brought the most revenue in 2025 (1,284,500.75).",
                    SQL,
                    RESULT,
                    CHART,
                    List.of("And by month?", "Which cities brought the most revenue?"),
                    FIGURE,
                    null),
            new RunFailed(
                    id(12),
                    AT,
                    RUN,
                    CONVERSATION,
                    TENANT,
                    "no-dataset",
                    "You have no dataset yet: upload a file or connect a database first."),
            new DatasetReady(
                    id(14),
                    AT,
                    DATASET,
                    TENANT,
                    "orders",
                    3,
                    WAREHOUSE,
                    List.of(new TableSchema(
                            "orders",
                            "orders.csv",
                            48_000,
                            List.of(
                                    new ColumnSchema(
                                            "order_id",
                                            "Order ID",
                                            "bigint",
                                            false,
                                            List.of(),
                                            new ColumnProfile(
                                                    0,
                                                    48_000,
                                                    new NumericProfile(
                                                            1,
                                                            48_000,
                                                            24_000.5,
                                                            13_856.55,
                                                            2_400.95,
                                                            12_000.75,
                                                            24_000.5,
                                                            36_000.25,
                                                            45_600.05,
                                                            List.of(
                                                                    new HistogramBucket(1, 24_000.5, 24_000),
                                                                    new HistogramBucket(24_000.5, 48_000, 24_000)),
                                                            0),
                                                    null,
                                                    null,
                                                    null)),
                                    new ColumnSchema(
                                            "country",
                                            "Country",
                                            "text",
                                            true,
                                            List.of("Brazil", "Chile"),
                                            new ColumnProfile(
                                                    0.25,
                                                    2,
                                                    null,
                                                    new TextProfile(
                                                            5,
                                                            6,
                                                            List.of(
                                                                    new ValueCount("Brazil", 30_000),
                                                                    new ValueCount("Chile", 6_000))),
                                                    null,
                                                    null)),
                                    new ColumnSchema(
                                            "ordered_on",
                                            "Order date",
                                            "date",
                                            false,
                                            List.of(),
                                            new ColumnProfile(
                                                    0,
                                                    365,
                                                    null,
                                                    null,
                                                    new ValueRange("2025-01-01", "2025-12-31"),
                                                    null)),
                                    new ColumnSchema(
                                            "returning",
                                            "Returning customer",
                                            "boolean",
                                            false,
                                            List.of(),
                                            new ColumnProfile(
                                                    0, 2, null, null, null, new BooleanCounts(9_000, 39_000))),
                                    new ColumnSchema("customer_id", "Customer", "bigint", false, List.of(), null)),
                            List.of(new ForeignKey(List.of("customer_id"), "customers", List.of("id"))),
                            new TableProfile(
                                    List.of(new Correlation("order_id", "customer_id", 0.12)),
                                    List.of(
                                            Arrays.asList(1, "Brazil", "2025-01-03", false, 17),
                                            Arrays.asList(2, null, "2025-01-03", true, 4)),
                                    List.of(new QualityFinding(
                                            "unique-key",
                                            List.of("order_id"),
                                            "order_id is different in every row: it looks like a key.")))))),
            new IngestionProgressed(id(13), AT, DATASET, TENANT, "load", 5_242_880, 20_971_520, 48_000),
            new DatasetFailed(id(15), AT, DATASET, TENANT, "orders", "Row 1204 has 7 fields where the header has 6."),
            new ModelCalled(
                    id(16), AT, RUN, TENANT, USER, "openai", "gpt-4.1-mini", "plan", 1830, 212, 1024, 640, 640, true),
            new DashboardPublished(id(24), AT, DATASET, DASHBOARD),
            new DashboardRequested(id(25), AT, DATASET, TENANT),
            new ChartPinned(id(26), AT, DATASET, TENANT, RUN, "Revenue by country, 2025", SQL, CHART),
            new BudgetSet(id(27), AT, BudgetEvent.user(USER), 2_500_000L, null),
            WAREHOUSE,
            EXTERNAL,
            new Describe(List.of("revenue", "items")),
            new CorrelationMatrix(List.of("revenue", "discount", "items"), CorrelationMatrix.Coefficient.SPEARMAN),
            new LinearRegression("revenue", List.of("discount", "items")),
            new LogisticRegression("returning", List.of("revenue", "items"), "true"),
            new KMeansClustering(List.of("revenue", "items"), 0),
            new OutlierDetection("revenue", OutlierDetection.Rule.IQR, 1.5),
            new TrendForecast("month", "revenue", 6),
            new TTest("revenue", "returning"),
            new ChiSquareTest("country", "returning"),
            new Anova("revenue", "country"),
            DASHBOARD.tiles().get(0),
            DASHBOARD.tiles().get(1),
            DASHBOARD.tiles().get(2));

    private SampleEvents() {}

    static List<Event> events() {
        return ALL.stream()
                .filter(Event.class::isInstance)
                .map(Event.class::cast)
                .toList();
    }

    private static UUID id(int n) {
        return UUID.fromString("00000000-0000-4000-8000-%012d".formatted(n));
    }
}
