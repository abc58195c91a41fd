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
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ChartDesigned;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.AnalysisSucceeded;
import dev.analyst.contracts.step.ChartHydrated;
import dev.analyst.contracts.step.ChartRequested;
import dev.analyst.contracts.step.StepError;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * Runs that ask execution for an analysis or a chart, execution's replies scripted here: the agent
 * sends the typed step, and what comes back (or does not) shapes the answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class AnalysisRunIT extends AgentKafkaTest {

    private static final String FINDING = "price and area are strongly correlated (r = 0.54, p < 0.001, n = 545).";

    @Test
    void runsAnAnalysisAndAnswersWithWhatItFound() {
        var tenant = tenant();
        var datasetId = homes(tenant, "price", "area", "bedrooms");
        var runId = ask(tenant, "How are price, area and bedrooms correlated?");
        var step = awaitOne(AnalysisRequested.class, runId);
        assertThat(step.sql()).isEqualTo("SELECT price, area, bedrooms FROM homes");
        assertThat(step.analysis())
                .isEqualTo(new CorrelationMatrix(
                        List.of("price", "area", "bedrooms"), CorrelationMatrix.Coefficient.PEARSON));
        assertThat(step.datasetId()).isEqualTo(datasetId);
        assertThat(step.rowLimit()).isEqualTo(100_000);

        var table = new ResultTable(
                List.of(
                        new ResultColumn("column", "text"),
                        new ResultColumn("price", "float8"),
                        new ResultColumn("area", "float8"),
                        new ResultColumn("bedrooms", "float8")),
                List.of(
                        List.of("price", 1.0, 0.54, 0.37),
                        List.of("area", 0.54, 1.0, 0.15),
                        List.of("bedrooms", 0.37, 0.15, 1.0)),
                false);
        var chart = new ChartSpec(
                "heatmap",
                "Correlation of price, area and bedrooms",
                "column",
                List.of("price", "area", "bedrooms"),
                "",
                "");
        var found = new AnalysisResult(
                "Correlation of price, area and bedrooms",
                table,
                Map.of("n", 545.0),
                List.of(FINDING, "bedrooms is weakly correlated with area (r = 0.15)."),
                chart);
        var figure = new ChartFigure(
                chart,
                List.of(Map.of("type", "heatmap", "x", List.of("price", "area", "bedrooms"))),
                Map.of("title", Map.of("text", chart.title())),
                null);
        var succeeded =
                new AnalysisSucceeded(UUID.randomUUID(), Instant.now(), runId, step.stepId(), found, figure, 40);
        publish(succeeded);
        publish(succeeded);

        var answer = awaitOne(AnswerCompleted.class, runId);
        assertThat(answer.analysis()).isEqualTo(found);
        assertThat(answer.result()).isEqualTo(table);
        assertThat(answer.chart()).isEqualTo(chart);
        assertThat(answer.figure())
                .as("execution drew the analysis's chart with it: no chart request follows")
                .isEqualTo(figure);
        assertThat(answer.sql()).isEqualTo(step.sql());
        assertThat(answer.text())
                .startsWith("Correlation of price, area and bedrooms, over homes:")
                .contains("Price and area are strongly correlated (r = 0.54, p < 0.001, n = 545).")
                .contains("r = 0.15");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(events(AnswerCompleted.class, runId)).hasSize(1);
            assertThat(events(ChartRequested.class, runId)).isEmpty();
            assertThat(events(StepRequested.class, runId)).isEmpty();
        });
    }

    @Test
    void endsAtOnceWithExecutionsWordsWhenTheDataDoesNotSuitTheAnalysis() {
        var tenant = tenant();
        homes(tenant, "price", "area");
        var runId = ask(tenant, "Regress price on area");
        var step = awaitOne(AnalysisRequested.class, runId);
        publish(new StepFailed(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                step.stepId(),
                StepError.UNSUITABLE_DATA,
                "A regression needs at least 3 rows; the query selected 2."));

        var failed = awaitOne(RunFailed.class, runId);
        assertThat(failed.reason()).isEqualTo("step-failed");
        assertThat(failed.message()).contains("A regression needs at least 3 rows; the query selected 2.");
        assertThat(events(AnalysisRequested.class, runId)).as("not retried").hasSize(1);
    }

    @Test
    void asksExecutionToDrawTheChartAndAnswersWithTheFigure() {
        var tenant = tenant();
        var datasetId = homes(tenant, "price", "bedrooms");
        var runId = ask(tenant, "Show the average price by bedrooms");
        var step = awaitOne(StepRequested.class, runId);
        publish(averagesByBedrooms(runId, step));

        var request = awaitOne(ChartRequested.class, runId);
        assertThat(request.sql()).isEqualTo(step.sql());
        assertThat(request.datasetId()).isEqualTo(datasetId);
        assertThat(request.chart().type()).isEqualTo("bar");
        assertThat(request.chart().x()).isEqualTo("bedrooms");
        var figure = new ChartFigure(
                request.chart(),
                List.of(Map.of("type", "bar", "x", List.of(1, 2, 3), "y", List.of(100, 200, 300))),
                Map.of("title", Map.of("text", request.chart().title())),
                null);
        var hydrated = new ChartHydrated(UUID.randomUUID(), Instant.now(), runId, request.stepId(), figure);
        publish(hydrated);
        publish(hydrated);

        var answer = awaitOne(AnswerCompleted.class, runId);
        assertThat(answer.figure()).isEqualTo(figure);
        assertThat(answer.chart()).isEqualTo(request.chart());
        assertThat(answer.analysis()).isNull();
        assertThat(awaitOne(ChartDesigned.class, runId).figure()).isEqualTo(figure);
        var stream = events(RunEvent.class, runId);
        assertThat(stream.stream().map(Event::getClass).toList())
                .as("the summary streams before the chart")
                .containsSubsequence(SummaryWritten.class, ChartDesigned.class, AnswerCompleted.class);
        await().during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(6))
                .untilAsserted(() -> assertThat(events(AnswerCompleted.class, runId))
                        .as("neither the duplicate nor the chart wait answers again")
                        .hasSize(1));
    }

    @Test
    void answersWithoutAFigureWhenTheChartCannotBeDrawn() {
        var tenant = tenant();
        homes(tenant, "price", "bedrooms");
        var runId = ask(tenant, "Show the average price by bedrooms");
        var step = awaitOne(StepRequested.class, runId);
        publish(averagesByBedrooms(runId, step));
        var request = awaitOne(ChartRequested.class, runId);
        publish(new StepFailed(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                request.stepId(),
                StepError.INTERNAL,
                "Charts are not drawn yet"));

        var answer = awaitOne(AnswerCompleted.class, runId);
        assertThat(answer.figure()).isNull();
        assertThat(answer.chart().type()).isEqualTo("bar");
        assertThat(answer.text()).contains("highest for 3");
        assertThat(events(ProgressReported.class, runId))
                .extracting(ProgressReported::message)
                .contains("The chart could not be drawn (Charts are not drawn yet); the answer comes without it");
        assertThat(events(RunFailed.class, runId)).isEmpty();
    }

    private static StepSucceeded averagesByBedrooms(UUID runId, StepRequested step) {
        return new StepSucceeded(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                step.stepId(),
                new ResultTable(
                        List.of(new ResultColumn("bedrooms", "int8"), new ResultColumn("average_price", "numeric")),
                        List.of(List.of(1, 100.0), List.of(2, 200.0), List.of(3, 300.0)),
                        false),
                3);
    }

    private UUID ask(String tenant, String question) {
        var runId = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(), Instant.now(), runId, UUID.randomUUID(), tenant, "u1", question, "homes"));
        return runId;
    }

    private <T extends Event> T awaitOne(Class<T> type, UUID runId) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(type, runId)).isNotEmpty());
        return events(type, runId).getFirst();
    }

    private static String tenant() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }
}
