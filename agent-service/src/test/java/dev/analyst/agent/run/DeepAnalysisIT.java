package dev.analyst.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.AnalysisSucceeded;
import dev.analyst.contracts.step.StepError;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * A deep analysis ({@code @deep}) over a housing table, execution's replies scripted here: the plan and
 * its cost come first, then one step at a time with a progress event per section, and a report whose
 * paragraphs carry what each step found, or what it could not do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class DeepAnalysisIT extends AgentKafkaTest {

    private static final int SECTIONS = 5;

    @Test
    void runsTheStepsOneAtATimeAndReportsEachSectionInOrder() {
        var tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        var datasetId = dataset(
                tenant,
                "homes",
                List.of(
                        number("price"),
                        number("area"),
                        number("bedrooms"),
                        number("stories"),
                        new ColumnSchema("sold_on", "sold on", "date", true, List.of(), null)));
        var runId = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                UUID.randomUUID(),
                tenant,
                "u1",
                "@deep What drives the price?",
                "homes"));

        var requested = new ArrayList<AnalysisRequested>();
        for (var section = 1; section <= SECTIONS; section++) {
            var seen = section;
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(events(AnalysisRequested.class, runId)).hasSizeGreaterThanOrEqualTo(seen));
            assertThat(events(AnalysisRequested.class, runId))
                    .as("the next step is asked for only once the last one's result is in")
                    .hasSize(section);
            var step = events(AnalysisRequested.class, runId).getLast();
            assertThat(step.datasetId()).isEqualTo(datasetId);
            requested.add(step);
            publish(
                    switch (step.analysis()) {
                        case OutlierDetection ignored ->
                            new StepFailed(
                                    UUID.randomUUID(),
                                    Instant.now(),
                                    runId,
                                    step.stepId(),
                                    StepError.UNSUITABLE_DATA,
                                    "Outlier detection needs at least 4 values; the query selected 3.");
                        default -> found(runId, step);
                    });
        }

        var answer = awaitOne(AnswerCompleted.class, runId);
        assertThat(requested)
                .extracting(step -> step.analysis().getClass().getSimpleName())
                .containsExactly(
                        "LinearRegression", "Describe", "CorrelationMatrix", "OutlierDetection", "TrendForecast");
        assertThat(events(StepRequested.class, runId)).isEmpty();

        var progress = events(ProgressReported.class, runId).stream()
                .map(ProgressReported::message)
                .toList();
        var estimate = "Deep analysis: 5 steps (linear regression of price on area, bedrooms and stories;"
                + " statistics of price, area, bedrooms and stories; correlation of price, area, bedrooms and"
                + " stories; outliers of price; trend of the average price per month) on the built-in model, no"
                + " model cost.";
        assertThat(progress)
                .as("the plan and its cost, then a progress event per section as its step is asked for")
                .containsSubsequence(
                        estimate,
                        "Section 1 of 5: linear regression of price on area, bedrooms and stories",
                        "Section 2 of 5: statistics of price, area, bedrooms and stories",
                        "Section 3 of 5: correlation of price, area, bedrooms and stories",
                        "Section 4 of 5: outliers of price",
                        "Section 5 of 5: trend of the average price per month");
        var runEvents = events(RunEvent.class, runId);
        var estimated = runEvents.stream()
                .filter(event -> event instanceof ProgressReported reported
                        && reported.message().equals(estimate))
                .findFirst()
                .orElseThrow();
        var firstAttempt = runEvents.stream()
                .filter(SqlGenerated.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertThat(runEvents.indexOf(estimated))
                .as("the estimate is shown before the first step is announced")
                .isLessThan(runEvents.indexOf(firstAttempt));

        var paragraphs = answer.text().split("\n\n");
        assertThat(paragraphs).hasSize(1 + SECTIONS);
        assertThat(paragraphs[0]).isEqualTo("Deep analysis of homes: What drives the price?");
        assertThat(paragraphs[1]).startsWith("Linear regression of price").contains("R squared is 0.56");
        assertThat(paragraphs[2]).startsWith("Statistics of price").contains("a mean of 4766729");
        assertThat(paragraphs[3]).startsWith("Correlation of price").contains("r = 0.54");
        assertThat(paragraphs[4])
                .isEqualTo("Outliers of price could not be computed: Outlier detection needs at least 4 values; the"
                        + " query selected 3.");
        assertThat(paragraphs[5]).startsWith("Trend of the average price").contains("12000 a month");

        var regression = requested.getFirst();
        assertThat(answer.sql()).isEqualTo(regression.sql());
        assertThat(answer.result()).as("the first section's table").isEqualTo(table("Linear regression"));
        assertThat(answer.chart().type())
                .as("the regression tells most about what drives price")
                .isEqualTo("scatter");
        assertThat(answer.figure())
                .isEqualTo(figure(chart("scatter", "Linear regression of price on area, bedrooms and stories")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(events(AnswerCompleted.class, runId)).hasSize(1);
            assertThat(events(AnalysisRequested.class, runId)).hasSize(SECTIONS);
            assertThat(events(RunFailed.class, runId)).isEmpty();
        });
    }

    /** What execution would find for each analysis, with a number the report must carry. */
    private static AnalysisSucceeded found(UUID runId, AnalysisRequested step) {
        var result = switch (step.analysis()) {
            case LinearRegression ignored ->
                analysis("Linear regression of price on area, bedrooms and stories", "scatter", "R squared is 0.56.");
            case Describe ignored ->
                analysis("Statistics of price, area, bedrooms and stories", "box", "price has a mean of 4766729.");
            case CorrelationMatrix ignored ->
                analysis(
                        "Correlation of price, area, bedrooms and stories",
                        "heatmap",
                        "price and area are strongly correlated (r = 0.54, p < 0.001, n = 545).");
            case TrendForecast ignored ->
                analysis("Trend of the average price per month", "line", "the average price rises by 12000 a month.");
            default -> throw new AssertionError("not planned: " + step.analysis());
        };
        return new AnalysisSucceeded(
                UUID.randomUUID(), Instant.now(), runId, step.stepId(), result, figure(result.chart()), 545);
    }

    private static AnalysisResult analysis(String title, String chartType, String finding) {
        return new AnalysisResult(
                title, table(title.split(" of ")[0]), Map.of("n", 545.0), List.of(finding), chart(chartType, title));
    }

    private static ResultTable table(String kind) {
        return new ResultTable(
                List.of(new ResultColumn("statistic", "text"), new ResultColumn("value", "float8")),
                List.of(List.of(kind, 545.0)),
                false);
    }

    private static ChartSpec chart(String type, String title) {
        return new ChartSpec(type, title, "statistic", List.of("value"), "", "");
    }

    private static ChartFigure figure(ChartSpec chart) {
        return new ChartFigure(
                chart, List.of(Map.of("type", chart.type())), Map.of("title", Map.of("text", chart.title())), null);
    }

    private static ColumnSchema number(String name) {
        return new ColumnSchema(name, name, "bigint", false, List.of(), null);
    }

    private <T extends Event> T awaitOne(Class<T> type, UUID runId) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(type, runId)).isNotEmpty());
        return events(type, runId).getFirst();
    }
}
