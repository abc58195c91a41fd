package dev.analyst.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.analyst.agent.model.ScriptedModelServer;
import dev.analyst.agent.model.ScriptedModelServer.Answer;
import dev.analyst.agent.model.ScriptedModelServer.Malformed;
import dev.analyst.agent.model.ScriptedModelServer.Reply;
import dev.analyst.agent.model.ScriptedModelServer.Status;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.budget.BudgetSet;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.StageCompleted;
import dev.analyst.contracts.run.SummaryDelta;
import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.StepError;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.PriceList;
import dev.analyst.contracts.usage.PriceList.ModelPrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Runs with a hosted model on every role: the scripted OpenAI-compatible server answers each stage
 * as a model would, or fails as a provider does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class HostedRunIT extends AgentKafkaTest {

    private static final ScriptedModelServer MODEL = new ScriptedModelServer();
    private static final String FRUGAL_USER = "frugal";
    private static final String FRUGAL_TENANT = "frugal-tenant";
    private static final PriceList PRICES = new PriceList(
            "test",
            Map.of(
                    "test-model", new ModelPrice(BigDecimal.TEN, BigDecimal.TEN, null),
                    "economy-model", new ModelPrice(BigDecimal.ONE, BigDecimal.ONE, null)));

    /** Per test: what the model answers each stage with, by the stage's instructions. */
    private static volatile Function<String, Reply> stages = system -> new Status(500);

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        MODEL.otherwise(request -> stages.apply(ScriptedModelServer.system(request)));
        registry.add("analyst.models.providers.scripted.kind", () -> "openai-compatible");
        registry.add("analyst.models.providers.scripted.base-url", MODEL::baseUrl);
        registry.add("analyst.models.chain", () -> "scripted:test-model");
        // Budgets: the test model costs $10 per million tokens each way, the economy model $1. One user
        // and one tenant have daily limits; everyone else has none.
        registry.add("analyst.prices.models.test-model.input", () -> "10");
        registry.add("analyst.prices.models.test-model.output", () -> "10");
        registry.add("analyst.prices.models.economy-model.input", () -> "1");
        registry.add("analyst.prices.models.economy-model.output", () -> "1");
        registry.add("analyst.models.economy", () -> "scripted:economy-model");
        registry.add("analyst.budgets.users." + FRUGAL_USER + ".daily", () -> "0.0028");
        registry.add("analyst.budgets.tenants." + FRUGAL_TENANT + ".daily", () -> "0.02");
        registry.add("analyst.models.backoff", () -> "10ms");
        registry.add("analyst.models.timeout", () -> "5s");
    }

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    private String tenant;
    private UUID datasetId;

    @BeforeEach
    void housing() {
        tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        var yesNo = List.of("yes", "no");
        datasetId = dataset(
                tenant,
                "housing",
                List.of(
                        column("price", "bigint", List.of()),
                        column("area", "bigint", List.of()),
                        column("bedrooms", "bigint", List.of()),
                        column("bathrooms", "bigint", List.of()),
                        column("stories", "bigint", List.of()),
                        column("mainroad", "text", yesNo),
                        column("guestroom", "text", yesNo),
                        column("basement", "text", yesNo),
                        column("hotwaterheating", "text", yesNo),
                        column("airconditioning", "text", yesNo),
                        column("parking", "bigint", List.of()),
                        column("prefarea", "text", yesNo),
                        column("furnishingstatus", "text", List.of("semi-furnished", "unfurnished", "furnished"))));
    }

    @Test
    void answersWithAHostedModelStreamingOnlyTracedSentencesAndMeteringEveryCallWithinTheTokenBudget() {
        var before = MODEL.requests().size();
        stages = answering("SELECT avg(price) AS average_price FROM housing", "Malformed");
        var runId = ask("What is the average price?");
        var step = awaitStep(runId, 1);
        assertThat(step.sql()).isEqualTo("SELECT avg(price) AS average_price FROM housing");

        publish(succeeded(runId, step, 4766729.247706422));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(AnswerCompleted.class, runId))
                        .singleElement()
                        .satisfies(answer -> {
                            assertThat(answer.text()).isEqualTo("The average price is 4,766,729.25.");
                            assertThat(answer.chart().type()).isEqualTo("number");
                            assertThat(answer.followUps()).containsExactly("What is the average price by stories?");
                        }));
        var deltas = events(SummaryDelta.class, runId).stream()
                .sorted(Comparator.comparingInt(SummaryDelta::sequence))
                .map(SummaryDelta::text)
                .collect(Collectors.joining());
        assertThat(deltas)
                .as("streamed word by word; the number the result does not hold is never sent")
                .isEqualTo("The average price is 4,766,729.25. That is … more than last year.")
                .doesNotContain("12");
        assertThat(events(SummaryDelta.class, runId)).hasSizeGreaterThan(5);
        assertThat(events(ProgressReported.class, runId))
                .extracting(ProgressReported::message)
                .contains("Left out 1 sentence with numbers not found in the result");
        assertThat(events(StageCompleted.class, runId))
                .extracting(StageCompleted::stage, StageCompleted::provider)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("validate", "scripted"),
                        org.assertj.core.groups.Tuple.tuple("decide", "scripted"),
                        org.assertj.core.groups.Tuple.tuple("plan", "scripted"),
                        org.assertj.core.groups.Tuple.tuple("summarise", "scripted"),
                        org.assertj.core.groups.Tuple.tuple("chart", "scripted"),
                        org.assertj.core.groups.Tuple.tuple("suggest", "scripted"));
        assertThat(events(ModelCalled.class, runId))
                .allMatch(call -> call.provider().equals("scripted") && call.succeeded())
                .extracting(ModelCalled::stage)
                .containsExactlyInAnyOrder("validate", "decide", "plan", "summarise", "chart", "suggest");

        var prompts = MODEL.requests().subList(before, MODEL.requests().size());
        var tokens = prompts.stream().mapToInt(HostedRunIT::promptTokens).sum();
        System.out.printf("Prompt tokens for a simple housing question, all %d stages: %d%n", prompts.size(), tokens);
        assertThat(tokens).isLessThanOrEqualTo(2_000);
    }

    @Test
    void aProviderThatFailsMidRunLeavesTheRestOfTheRunToTheBuiltInModel() {
        var plan = answering("SELECT avg(price) AS average_price FROM housing", "");
        stages = system -> system.contains("write one read-only")
                        || system.contains("route a question")
                        || system.contains("decide what to do")
                ? plan.apply(system)
                : new Status(500);
        var runId = ask("What is the average price?");
        var step = awaitStep(runId, 1);

        publish(succeeded(runId, step, 4766729.247706422));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(AnswerCompleted.class, runId))
                        .singleElement()
                        .satisfies(answer -> assertThat(answer.text()).contains("4,766,729.25")));
        assertThat(events(StageCompleted.class, runId))
                .filteredOn(stage -> stage.stage().equals("summarise"))
                .singleElement()
                .satisfies(stage -> {
                    assertThat(stage.provider()).isEqualTo("builtin");
                    assertThat(stage.fallbacks()).singleElement().asString().startsWith("scripted");
                });
        assertThat(events(ModelCalled.class, runId))
                .filteredOn(call -> call.stage().equals("summarise"))
                .extracting(ModelCalled::provider, ModelCalled::succeeded)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("scripted", false),
                        org.assertj.core.groups.Tuple.tuple("builtin", true));
    }

    @Test
    void correctsAnUnknownColumnAndRunsTheCorrectedQueryAsTheNextAttempt() {
        // The model writes a typo; its error analysis is unreadable, so the built-in analyst mends it.
        stages = answering("SELECT avg(pric) AS average_price FROM housing", "Malformed");
        var runId = ask("What is the average price?");
        var first = awaitStep(runId, 1);

        publish(new StepFailed(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                first.stepId(),
                StepError.UNKNOWN_OBJECT,
                "column \"pric\" does not exist"));

        var second = awaitStep(runId, 2);
        assertThat(second.sql()).isEqualTo("SELECT avg(price) AS average_price FROM housing");
        assertThat(events(ProgressReported.class, runId))
                .extracting(ProgressReported::message)
                .contains("Attempt 2 of 5: There is no column pric; price is the nearest name.");
        publish(succeeded(runId, second, 4766729.25));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(AnswerCompleted.class, runId))
                        .singleElement()
                        .satisfies(answer -> assertThat(answer.sql()).isEqualTo(second.sql())));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(scrape())
                        .contains("analyst_agent_retries_total")
                        .contains("analyst_agent_steps_total{kind=\"sql\",outcome=\"failed\"")
                        .contains("analyst_agent_steps_total{kind=\"sql\",outcome=\"succeeded\"")
                        .contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\"")
                        .contains("gen_ai_client_operation_duration_seconds_bucket{error_type=\"\"")
                        .contains("kafka_consumer_fetch_manager_records_lag_max")
                        .doesNotContain("user_id")
                        .doesNotContain("tenant_id"));
    }

    @Test
    void stopsAfterFiveAttemptsAndAtOnceWhenNoRewriteCanHelp() {
        var rewrites = new AtomicInteger();
        var plan = answering("SELECT avg(price) AS average_price FROM housing", "");
        stages = system -> system.contains("did not answer the question")
                ? new Answer("{\"diagnosis\":\"Price is text; cast it.\",\"sql\":\"SELECT avg(price::numeric + "
                        + rewrites.incrementAndGet() + ") AS average_price FROM housing\"}")
                : plan.apply(system);
        var runId = ask("What is the average price?");
        for (int attempt = 1; attempt <= 5; attempt++) {
            var step = awaitStep(runId, attempt);
            publish(new StepFailed(
                    UUID.randomUUID(),
                    Instant.now(),
                    runId,
                    step.stepId(),
                    StepError.TYPE_MISMATCH,
                    "function avg(text) does not exist"));
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(RunFailed.class, runId))
                        .singleElement()
                        .satisfies(failed -> assertThat(failed.message()).endsWith("(after 5 attempts)")));
        assertThat(events(StepRequested.class, runId)).hasSize(5);

        var denied = ask("What is the average price?");
        publish(new StepFailed(
                UUID.randomUUID(),
                Instant.now(),
                denied,
                awaitStep(denied, 1).stepId(),
                StepError.PERMISSION,
                "permission denied for table housing"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(RunFailed.class, denied)).singleElement());
        assertThat(events(StepRequested.class, denied)).hasSize(1);
    }

    @Test
    void anAnswerMarkedCorrectBecomesAnExampleForTheTenantsSimilarQuestionsOnly() {
        stages = answering("SELECT avg(price) AS average_price FROM housing", "");
        var conversation = UUID.randomUUID();
        var runId = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                conversation,
                tenant,
                "u1",
                "What is the average price?",
                null));
        publish(succeeded(runId, awaitStep(runId, 1), 4766729.25));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(events(AnswerCompleted.class, runId)).hasSize(1));

        publish(new AnswerRated(UUID.randomUUID(), Instant.now(), runId, conversation, tenant, "u1", true));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var before = MODEL.requests().size();
            var similar = ask("what is the average price of the houses?");
            awaitStep(similar, 1);
            assertThat(MODEL.requests().subList(before, MODEL.requests().size()))
                    .map(ScriptedModelServer::user)
                    .anyMatch(prompt -> prompt.contains("Answered correctly before:\nQ: What is the average price?\n"
                            + "SQL: SELECT avg(price) AS average_price FROM housing"));
            assertThat(events(ProgressReported.class, similar))
                    .extracting(ProgressReported::message)
                    .contains("Reading it alongside 1 earlier answer marked correct");
        });

        var otherTenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        dataset(otherTenant, "housing", List.of(column("price", "bigint", List.of())));
        var before = MODEL.requests().size();
        var elsewhere = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                elsewhere,
                UUID.randomUUID(),
                otherTenant,
                "u1",
                "what is the average price of the houses?",
                null));
        awaitStep(elsewhere, 1);
        assertThat(MODEL.requests().subList(before, MODEL.requests().size()))
                .map(ScriptedModelServer::user)
                .noneMatch(prompt -> prompt.contains("Answered correctly before"));
    }

    @Test
    void aUserRunningIntoTheirDailyBudgetMidRunMovesToTheEconomyModelAndThenStopsWithinOneCall() {
        // Each call of the test model costs 1,200 micro-dollars (100 tokens in, 20 out, at $10 per
        // million), of the economy model 120; the user may spend 2,800 a day and economises from 2,240.
        stages = answering("SELECT avg(price) AS average_price FROM housing", "Malformed");
        var runId = ask("What is the average price?", FRUGAL_USER);
        var step = awaitStep(runId, 1);
        publish(succeeded(runId, step, 4766729.247706422));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(RunFailed.class, runId))
                        .singleElement()
                        .satisfies(failed -> {
                            assertThat(failed.reason()).isEqualTo("budget-exhausted");
                            assertThat(failed.message())
                                    .contains("daily budget of $0.0028 for your account is used up")
                                    .contains("renews at midnight UTC");
                        }));
        assertThat(events(AnswerCompleted.class, runId)).isEmpty();
        assertThat(events(ProgressReported.class, runId))
                .extracting(ProgressReported::message)
                .as("shown before the first call: six calls of 400 tokens in and 150 out at $10 per million")
                .contains("Expected cost: about $0.033 for 6 model calls (scripted/test-model);"
                        + " $0.0028 left of your daily budget.");
        var calls = events(ModelCalled.class, runId);
        assertThat(calls)
                .extracting(ModelCalled::stage, ModelCalled::model)
                .as("the first stages on the stage's own model, then the economy model, then a stop")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("validate", "test-model"),
                        org.assertj.core.groups.Tuple.tuple("decide", "test-model"),
                        org.assertj.core.groups.Tuple.tuple("plan", "economy-model"),
                        org.assertj.core.groups.Tuple.tuple("summarise", "economy-model"),
                        org.assertj.core.groups.Tuple.tuple("chart", "economy-model"));
        var spent = calls.stream()
                .mapToLong(call -> PRICES.price(call).costMicros())
                .sum();
        var dearest = calls.stream()
                .mapToLong(call -> PRICES.price(call).costMicros())
                .max()
                .orElseThrow();
        assertThat(spent).isGreaterThan(2_800).isLessThanOrEqualTo(2_800 + dearest);
        assertThat(events(StageCompleted.class, runId))
                .filteredOn(stage -> stage.stage().equals("plan"))
                .singleElement()
                .satisfies(plan ->
                        assertThat(plan.fallbacks()).singleElement().asString().contains("budget is nearly used up"));

        var next = ask("How many houses are there?", FRUGAL_USER);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(RunFailed.class, next))
                        .singleElement()
                        .extracting(RunFailed::reason)
                        .isEqualTo("budget-exhausted"));
        assertThat(events(ModelCalled.class, next))
                .as("no call is made over the budget")
                .isEmpty();
        assertThat(scrape())
                .contains("analyst_budget_decisions_total{decision=\"economised\",holder=\"user\",period=\"day\"")
                .contains("analyst_budget_decisions_total{decision=\"refused\",holder=\"user\",period=\"day\"")
                .doesNotContain(FRUGAL_USER);
    }

    @Test
    void aBudgetAnAdministratorSetsTakesEffectWithoutARestartAndCanBeLifted() {
        stages = answering("SELECT avg(price) AS average_price FROM housing", "Malformed");
        var holder = BudgetEvent.user("capped");

        publish(new BudgetSet(UUID.randomUUID(), Instant.now(), holder, 0L, null));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(firstOutcome("capped"))
                        .isInstanceOfSatisfying(
                                RunFailed.class,
                                failed -> assertThat(failed.message())
                                        .contains("daily budget of $0.00 for your account is used up")));

        publish(new BudgetSet(UUID.randomUUID(), Instant.now(), holder, null, null));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(firstOutcome("capped")).isInstanceOf(StepRequested.class));
    }

    @Test
    void aDeepAnalysisShowsItsHostedCostFirstAndStopsWhenTheBudgetRunsOutBetweenSections() {
        stages = answering("SELECT avg(price) AS average_price FROM housing", "Malformed");
        var spender = "deep-" + UUID.randomUUID().toString().substring(0, 8);
        var runId = ask("@deep What is the average price?", spender);
        var first = awaitStep(runId, 1);
        assertThat(first.sql()).isEqualTo("SELECT avg(price) AS average_price FROM housing");
        assertThat(events(ProgressReported.class, runId))
                .extracting(ProgressReported::message)
                .as("planning, a summary per section and the report's follow-ups, on the test model")
                .anySatisfy(message -> assertThat(message)
                        .startsWith("Deep analysis: 4 steps (average price; statistics of price,")
                        .contains("Expected cost: about $")
                        .endsWith(" for 8 model calls (scripted/test-model)."))
                .contains("Section 1 of 4: average price");
        assertThat(events(ProgressReported.class, runId).get(1).message())
                .as("before any model call, the analysis at its largest: 3 to plan, 6 sections, follow-ups")
                .startsWith("A deep analysis of up to 6 sections. Expected cost: about $")
                .endsWith(" for 10 model calls (scripted/test-model).");

        // The budget is used up while the first step runs: the agent knows once a new run of theirs stops.
        publish(new BudgetSet(UUID.randomUUID(), Instant.now(), BudgetEvent.user(spender), 0L, null));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(firstOutcome(spender)).isInstanceOf(RunFailed.class));
        publish(succeeded(runId, first, 4766729.25));

        var failed = await().atMost(Duration.ofSeconds(30))
                .until(() -> events(RunFailed.class, runId), hasOne -> !hasOne.isEmpty())
                .getFirst();
        assertThat(failed.reason()).isEqualTo("budget-exhausted");
        assertThat(failed.message()).contains("daily budget of $0.00 for your account is used up");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(events(AnswerCompleted.class, runId)).isEmpty();
            assertThat(events(AnalysisRequested.class, runId))
                    .as("no next section")
                    .isEmpty();
        });
    }

    /** A new question's first step or failure: how far a run gets before it needs execution. */
    private Object firstOutcome(String userId) {
        var runId = ask("What is the average price?", userId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !events(RunFailed.class, runId).isEmpty()
                        || !events(StepRequested.class, runId).isEmpty());
        return events(RunFailed.class, runId).isEmpty()
                ? events(StepRequested.class, runId).getFirst()
                : events(RunFailed.class, runId).getFirst();
    }

    @Test
    void questionsRacingForOneTenantsBudgetOverrunItByAtMostOneCall() {
        tenant = FRUGAL_TENANT;
        datasetId = dataset(tenant, "housing", List.of(column("price", "bigint", List.of())));
        stages = answering("SELECT avg(price) AS average_price FROM housing", "Malformed");
        var runs = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> ask("What is the average price?", "racer" + i))
                .toList();

        // Every run ends, answered or stopped by the budget; steps are answered as they come.
        var answered = new java.util.HashSet<UUID>();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (var runId : runs) {
                for (var step : events(StepRequested.class, runId)) {
                    if (answered.add(step.stepId())) {
                        publish(succeeded(runId, step, 4766729.25));
                    }
                }
            }
            assertThat(runs)
                    .allSatisfy(runId -> assertThat(
                                    events(AnswerCompleted.class, runId).size()
                                            + events(RunFailed.class, runId).size())
                            .isEqualTo(1));
        });
        var calls = runs.stream()
                .flatMap(runId -> events(ModelCalled.class, runId).stream())
                .toList();
        var spent = calls.stream()
                .mapToLong(call -> PRICES.price(call).costMicros())
                .sum();
        var dearest = calls.stream()
                .mapToLong(call -> PRICES.price(call).costMicros())
                .max()
                .orElseThrow();
        assertThat(spent).as("the tenant's $0.02 a day").isLessThanOrEqualTo(20_000 + dearest);
        assertThat(runs)
                .anySatisfy(runId -> assertThat(events(RunFailed.class, runId))
                        .extracting(RunFailed::reason)
                        .containsExactly("budget-exhausted"));
    }

    /**
     * A model that answers every stage well: the plan's SQL as given, a two-sentence summary of which
     * the second states a number the result does not hold.
     *
     * @param errorAnalysis "Malformed" for an unreadable error analysis, else the analysis' JSON
     */
    private static Function<String, Reply> answering(String sql, String errorAnalysis) {
        return system -> {
            if (system.contains("route a question")) {
                return new Answer(
                        "{\"aboutTheData\":true,\"dataset\":\"housing\",\"tables\":[\"housing\"],\"reason\":\"\"}");
            }
            if (system.contains("decide what to do")) {
                return new Answer("{\"action\":\"PLAN\",\"message\":\"\"}");
            }
            if (system.contains("write one read-only")) {
                return new Answer("{\"answerable\":true,\"reason\":\"\",\"table\":\"housing\",\"sql\":\"" + sql
                        + "\",\"measureLabel\":\"average price\",\"groupLabel\":\"\",\"filters\":[]}");
            }
            if (system.contains("did not answer the question")) {
                return errorAnalysis.equals("Malformed") ? new Malformed("{") : new Answer(errorAnalysis);
            }
            if (system.contains("two or three plain sentences")) {
                return new Answer(
                        "The average price is 4,766,729.25. That is 12% more than last year.",
                        200, 20, 0, Duration.ofMillis(5));
            }
            if (system.contains("Choose the chart")) {
                return new Answer(
                        "{\"type\":\"number\",\"title\":\"Average price\",\"x\":\"\",\"y\":[\"average_price\"],"
                                + "\"xLabel\":\"\",\"yLabel\":\"average price\"}");
            }
            if (system.contains("follow-up questions")) {
                return new Answer("{\"questions\":[\"What is the average price by stories?\"]}");
            }
            return new Status(500);
        };
    }

    /** Prompt tokens as OpenAI counts them (o200k_base): each message, its framing, and the schema asked for. */
    private static int promptTokens(JsonNode request) {
        var encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        var tokens = 3;
        for (var message : request.path("messages")) {
            tokens += 4 + encoding.countTokens(message.path("content").asString(""));
        }
        var format = request.path("response_format");
        if (!format.isMissingNode()) {
            tokens += encoding.countTokens(format.toString());
        }
        return tokens;
    }

    /** What the calls cost, priced as analytics bills them, is at most the limit and the dearest call. */
    private static void assertOverrunByAtMostOneCall(List<ModelCalled> calls, long limitMicros) {
        var costs = calls.stream()
                .mapToLong(call -> PRICES.price(call).costMicros())
                .toArray();
        var dearest = java.util.Arrays.stream(costs).max().orElse(0);
        assertThat(java.util.Arrays.stream(costs).sum()).isLessThanOrEqualTo(limitMicros + dearest);
    }

    private UUID ask(String question) {
        return ask(question, "u1");
    }

    private UUID ask(String question, String userId) {
        var runId = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(), Instant.now(), runId, UUID.randomUUID(), tenant, userId, question, null));
        return runId;
    }

    private StepRequested awaitStep(UUID runId, int attempt) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(events(StepRequested.class, runId)).anyMatch(step -> step.attempt() == attempt));
        return events(StepRequested.class, runId).stream()
                .filter(step -> step.attempt() == attempt)
                .findFirst()
                .orElseThrow();
    }

    private static StepSucceeded succeeded(UUID runId, StepRequested step, double average) {
        return new StepSucceeded(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                step.stepId(),
                new ResultTable(
                        List.of(new ResultColumn("average_price", "numeric")), List.of(List.of(average)), false),
                3);
    }

    private static ColumnSchema column(String name, String type, List<String> values) {
        return new ColumnSchema(name, name, type, false, values, null);
    }
}
