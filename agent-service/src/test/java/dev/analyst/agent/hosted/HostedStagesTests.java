package dev.analyst.agent.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.analyst.agent.budget.Spending;
import dev.analyst.agent.model.HostedModel;
import dev.analyst.agent.model.HostedModels;
import dev.analyst.agent.model.Metering;
import dev.analyst.agent.model.ModelProperties;
import dev.analyst.agent.model.ModelUnavailable;
import dev.analyst.agent.model.Role;
import dev.analyst.agent.model.ScriptedModelServer;
import dev.analyst.agent.model.ScriptedModelServer.Answer;
import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.Validation;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.Anova;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.ForeignKey;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.WarehouseSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The hosted adapters' prompts and how they read what a model answers. */
class HostedStagesTests {

    private final ScriptedModelServer server = new ScriptedModelServer();
    private final HostedStages stages = new HostedStages(
            model(),
            new Metering(UUID.randomUUID(), "acme", "ada", (call, recorded) -> {}),
            JsonMapper.builder().build());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aQuestionAgainstTwoHundredTablesGetsABoundedPromptWithTheTablesItNeeds() {
        var dataset = warehouse(200);
        var question = new AskedQuestion("What is the average total of invoices?", null, List.of(dataset), List.of());
        server.then(new Answer("{\"answerable\":true,\"table\":\"invoice\",\"sql\":\"SELECT avg(total) FROM invoice\","
                + "\"measureLabel\":\"average total\",\"groupLabel\":\"\",\"filters\":[]}"));

        var decision = stages.plan(question, new Validation(true, "erp", List.of(), ""));

        assertThat(decision).isInstanceOf(Decision.Planned.class);
        var prompt = ScriptedModelServer.user(server.requests().getFirst());
        assertThat(prompt).contains("invoice(").contains("customer(").doesNotContain("table_150(");
        var tokens = Encodings.newDefaultEncodingRegistry()
                .getEncoding(EncodingType.O200K_BASE)
                .countTokens(prompt);
        assertThat(tokens).as("prompt tokens of the schema and question").isLessThan(2_000);
        System.out.printf("Plan prompt for a 200-table database: %d tokens%n", tokens);
    }

    @Test
    void readsTheAnalysisAModelChoseAsTheTypedOperationOverColumnsTheQuerySelects() {
        var question =
                new AskedQuestion("Forecast invoice totals for 6 months", null, List.of(warehouse(3)), List.of());
        var valid = new Validation(true, "erp", List.of("invoice"), "");
        server.then(new Answer("{\"answerable\":true,\"table\":\"invoice\",\"sql\":\"SELECT country, total FROM"
                + " invoice JOIN customer USING (customer_id)\",\"measureLabel\":\"total\",\"groupLabel\":\"\","
                + "\"filters\":[],\"analysis\":{\"operation\":\"Anova\",\"value\":\"total\",\"group\":\"country\"}}"));
        server.then(new Answer("{\"answerable\":true,\"table\":\"invoice\",\"sql\":\"SELECT date_trunc('month',"
                + " issued)::date AS month, sum(total) AS revenue FROM invoice GROUP BY 1\",\"measureLabel\":\"revenue\","
                + "\"analysis\":{\"operation\":\"TrendForecast\",\"time\":\"month\",\"value\":\"revenue\","
                + "\"horizon\":6}}"));

        var anova = (Decision.Planned) stages.plan(question, valid);
        assertThat(anova.plan().analysis()).isEqualTo(new Anova("total", "country"));
        var forecast = (Decision.Planned) stages.plan(question, valid);
        assertThat(forecast.plan().analysis()).isEqualTo(new TrendForecast("month", "revenue", 6));
        assertThat(ScriptedModelServer.system(server.requests().getFirst())).contains("TrendForecast");
    }

    @Test
    void anAnalysisOfColumnsTheQueryDoesNotSelectOrOfNoKnownOperationIsNoPlan() {
        var question = new AskedQuestion("Is total related to country?", null, List.of(warehouse(3)), List.of());
        var valid = new Validation(true, "erp", List.of("invoice"), "");
        server.then(new Answer("{\"answerable\":true,\"table\":\"invoice\",\"sql\":\"SELECT total FROM invoice\","
                + "\"analysis\":{\"operation\":\"TTest\",\"value\":\"total\",\"group\":\"country\"}}"));
        server.then(new Answer("{\"answerable\":true,\"table\":\"invoice\",\"sql\":\"SELECT total FROM invoice\","
                + "\"analysis\":{\"operation\":\"RunPython\",\"columns\":[\"total\"]}}"));

        assertThatThrownBy(() -> stages.plan(question, valid)).isInstanceOf(ModelUnavailable.class);
        assertThatThrownBy(() -> stages.plan(question, valid)).isInstanceOf(ModelUnavailable.class);
    }

    @Test
    void anAnswerThatIsNotTheJsonAskedForIsNoAnswer() {
        server.then(new Answer("Sure! The query is SELECT 1."));
        var question = new AskedQuestion("How many?", null, List.of(warehouse(3)), List.of());

        assertThatThrownBy(() -> stages.validate(question)).isInstanceOf(ModelUnavailable.class);
    }

    @Test
    void aChartOfColumnsTheResultLacksIsNoChart() {
        server.then(new Answer("```json\n{\"type\":\"bar\",\"title\":\"t\",\"x\":\"region\",\"y\":[\"revenue\"],"
                + "\"xLabel\":\"\",\"yLabel\":\"\"}\n```"));
        var plan = new Plan("q", UUID.randomUUID(), "erp", "invoice", "SELECT 1", "total", "", List.of());
        var result = new ResultTable(
                List.of(new ResultColumn("country", "text"), new ResultColumn("total", "numeric")),
                List.of(List.of("Chile", 1)),
                false);

        assertThatThrownBy(() -> stages.design(plan, result)).isInstanceOf(ModelUnavailable.class);
    }

    @Test
    void readsAnAnswerWrappedInCodeFences() {
        server.then(new Answer("```json\n{\"type\":\"bar\",\"title\":\"Total by country\",\"x\":\"country\","
                + "\"y\":[\"total\"],\"xLabel\":\"Country\",\"yLabel\":\"Total\"}\n```"));
        var plan = new Plan("q", UUID.randomUUID(), "erp", "invoice", "SELECT 1", "total", "", List.of());
        var result = new ResultTable(
                List.of(new ResultColumn("country", "text"), new ResultColumn("total", "numeric")),
                List.of(List.of("Chile", 1)),
                false);

        assertThat(stages.design(plan, result).x()).isEqualTo("country");
    }

    private HostedModel model() {
        var properties = new ModelProperties(
                Map.of(
                        "scripted",
                        new ModelProperties.Provider(ModelProperties.Kind.OPENAI_COMPATIBLE, server.baseUrl(), null)),
                List.of("scripted:test-model"),
                Map.of(),
                "",
                Duration.ofSeconds(5),
                1,
                Duration.ofMillis(10),
                Duration.ofMinutes(1));
        return new HostedModels(properties, new SimpleMeterRegistry(), Spending.UNLIMITED)
                .chain(Role.PLANNER)
                .getFirst();
    }

    /** An ERP-like database: customer, invoice (referencing customer), then filler tables of 20 columns. */
    private static DatasetReady warehouse(int tables) {
        var schemas = new ArrayList<TableSchema>();
        schemas.add(new TableSchema(
                "customer",
                "customer",
                10,
                List.of(column("customer_id", "bigint"), column("name", "text"), column("country", "text")),
                List.of(),
                null));
        schemas.add(new TableSchema(
                "invoice",
                "invoice",
                10,
                List.of(column("invoice_id", "bigint"), column("customer_id", "bigint"), column("total", "numeric")),
                List.of(new ForeignKey(List.of("customer_id"), "customer", List.of("customer_id"))),
                null));
        IntStream.range(2, tables)
                .forEach(n -> schemas.add(new TableSchema(
                        "table_" + n,
                        "table " + n,
                        10,
                        IntStream.range(0, 20)
                                .mapToObj(c -> column("column_" + c, c % 2 == 0 ? "bigint" : "text"))
                                .toList(),
                        List.of(),
                        null)));
        return new DatasetReady(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "acme",
                "erp",
                1,
                new WarehouseSchema("warehouse_acme"),
                schemas);
    }

    private static ColumnSchema column(String name, String type) {
        return new ColumnSchema(name, name, type, false, List.of(), null);
    }
}
