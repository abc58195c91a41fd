package dev.analyst.agent.run;

import dev.analyst.agent.budget.BudgetExhausted;
import dev.analyst.agent.budget.Budgets;
import dev.analyst.agent.builtin.BuiltInDecider;
import dev.analyst.agent.builtin.BuiltInErrorAnalyst;
import dev.analyst.agent.builtin.BuiltInPlanner;
import dev.analyst.agent.builtin.BuiltInSuggester;
import dev.analyst.agent.builtin.BuiltInValidator;
import dev.analyst.agent.builtin.ShapeChartDesigner;
import dev.analyst.agent.builtin.TemplateSummariser;
import dev.analyst.agent.hosted.HostedStages;
import dev.analyst.agent.model.HostedModel;
import dev.analyst.agent.model.HostedModels;
import dev.analyst.agent.model.ModelUnavailable;
import dev.analyst.agent.model.Role;
import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Correction;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.FailedAttempt;
import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.Validation;
import dev.analyst.agent.stage.Verdict;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.run.StageCompleted;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs each stage of a run through its role's chain: every hosted model of the role in order, then the
 * built-in model, which always answers. Each stage leaves a {@link StageCompleted} with what it was
 * given and what it made of it, and the built-in model is metered like the hosted ones.
 */
@Component
class Stages {

    static final String BUILT_IN = "builtin";

    /**
     * How long one handling may spend on hosted models before every remaining stage goes to the
     * built-in model, so a run always ends within its handling limit however slow the providers are.
     */
    static final Duration HOSTED_TIME = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(Stages.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final HostedModels models;
    private final Budgets budgets;
    private final JsonMapper mapper;
    private final Clock clock = Clock.systemUTC();
    private final BuiltInValidator validator;
    private final BuiltInDecider decider;
    private final BuiltInPlanner planner;
    private final BuiltInErrorAnalyst errorAnalyst;
    private final TemplateSummariser summariser;
    private final ShapeChartDesigner chartDesigner;
    private final BuiltInSuggester suggester;

    Stages(
            HostedModels models,
            Budgets budgets,
            JsonMapper mapper,
            BuiltInValidator validator,
            BuiltInDecider decider,
            BuiltInPlanner planner,
            BuiltInErrorAnalyst errorAnalyst,
            TemplateSummariser summariser,
            ShapeChartDesigner chartDesigner,
            BuiltInSuggester suggester) {
        this.models = models;
        this.budgets = budgets;
        this.mapper = mapper;
        this.validator = validator;
        this.decider = decider;
        this.planner = planner;
        this.errorAnalyst = errorAnalyst;
        this.summariser = summariser;
        this.chartDesigner = chartDesigner;
        this.suggester = suggester;
    }

    /**
     * What the run is expected to cost and how much budget is left, when its stages use hosted models:
     * one call each to validate, decide, plan, summarise, chart and suggest, on each role's first model.
     */
    Optional<String> foresee(RunTrace trace) {
        return foresee(trace, List.of(Role.FAST, Role.FAST, Role.PLANNER, Role.WRITER, Role.WRITER, Role.FAST));
    }

    /**
     * What a deep analysis of {@code sections} steps is expected to cost and how much budget is left,
     * when it uses hosted models: its planning (validate, decide, plan), a summary per section and the
     * report's follow-ups; empty when every one of them is the built-in model's, which costs nothing.
     */
    Optional<String> foreseeDeep(RunTrace trace, int sections) {
        var roles = new ArrayList<>(List.of(Role.FAST, Role.FAST, Role.PLANNER));
        for (var section = 0; section < sections; section++) {
            roles.add(Role.WRITER);
        }
        roles.add(Role.FAST);
        return foresee(trace, roles);
    }

    private Optional<String> foresee(RunTrace trace, List<Role> roles) {
        var calls = roles.stream()
                .map(models::chain)
                .filter(chain -> !chain.isEmpty())
                .map(chain -> new Budgets.PlannedCall(
                        chain.getFirst().provider(), chain.getFirst().model()))
                .toList();
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        var metering = trace.metering();
        return Optional.of(budgets.foresee(metering.tenantId(), metering.userId(), calls));
    }

    Validation validate(RunTrace trace, AskedQuestion question) {
        return run(
                trace,
                "validate",
                Role.FAST,
                shown(question),
                port -> port.validate(question),
                () -> validator.validate(question));
    }

    Verdict decide(RunTrace trace, AskedQuestion question, Validation validation) {
        return run(
                trace,
                "decide",
                Role.FAST,
                shown(question, validation),
                port -> port.decide(question, validation),
                () -> decider.decide(question, validation));
    }

    Decision plan(RunTrace trace, AskedQuestion question, Validation validation) {
        return run(
                trace,
                "plan",
                Role.PLANNER,
                shown(question, validation),
                port -> port.plan(question, validation),
                () -> planner.plan(question, validation));
    }

    Correction analyse(RunTrace trace, AskedQuestion question, Plan plan, FailedAttempt failure) {
        var input = new LinkedHashMap<String, Object>();
        input.put("question", question.text());
        input.put("failure", failure);
        return run(
                trace,
                "analyse-error",
                Role.CODER,
                input,
                port -> port.analyse(question, plan, failure),
                () -> errorAnalyst.analyse(question, plan, failure));
    }

    /**
     * The summary, its pieces sent to {@code pieces} as they are written. A model that fails part-way
     * leaves its pieces shown; the summary that follows from the next model is the one kept.
     */
    String summarise(RunTrace trace, String question, Plan plan, ResultTable result, Consumer<String> pieces) {
        var input = new LinkedHashMap<String, Object>();
        input.put("question", question);
        input.put("sql", plan.sql());
        input.put("rows", result.rows().size());
        return run(
                trace,
                "summarise",
                Role.WRITER,
                input,
                port -> port.summarise(question, plan, result, pieces),
                () -> summariser.summarise(question, plan, result, pieces));
    }

    /** The summary of what an analysis found, its pieces sent to {@code pieces} as they are written. */
    String summarise(RunTrace trace, String question, Plan plan, AnalysisResult analysis, Consumer<String> pieces) {
        var input = new LinkedHashMap<String, Object>();
        input.put("question", question);
        input.put("analysis", plan.analysis());
        input.put("findings", analysis.findings());
        return run(
                trace,
                "summarise",
                Role.WRITER,
                input,
                port -> port.summarise(question, plan, analysis, pieces),
                () -> summariser.summarise(question, plan, analysis, pieces));
    }

    ChartSpec chart(RunTrace trace, AskedQuestion question, Plan plan, ResultTable result) {
        var input = new LinkedHashMap<String, Object>();
        input.put("question", plan.question());
        input.put("columns", result.columns());
        input.put("rows", result.rows().size());
        var labels = question.dataset(plan.datasetId())
                .map(ShapeChartDesigner::labels)
                .orElse(Map.of());
        return run(
                trace,
                "chart",
                Role.WRITER,
                input,
                port -> port.design(plan, result),
                () -> chartDesigner.design(plan, result, labels));
    }

    List<String> suggest(RunTrace trace, AskedQuestion question, Plan plan, ResultTable result) {
        var input = new LinkedHashMap<String, Object>();
        input.put("question", plan.question());
        input.put("table", plan.table());
        return run(
                trace,
                "suggest",
                Role.FAST,
                input,
                port -> port.suggest(question, plan, result),
                () -> suggester.suggest(question, plan, result));
    }

    private <T> T run(
            RunTrace trace,
            String stage,
            Role role,
            Object input,
            Function<HostedStages, T> hosted,
            Supplier<T> builtIn) {
        var fallbacks = new ArrayList<String>();
        for (var model : chain(trace, role, fallbacks)) {
            if (trace.age().compareTo(HOSTED_TIME) > 0) {
                // The run has spent its time on hosted models: the built-in model answers at once.
                fallbacks.add(model.provider() + "/" + model.model() + ": the run is out of time for hosted models");
                continue;
            }
            try {
                var output = hosted.apply(new HostedStages(model, trace.metering(), mapper));
                trace.add(completed(trace, stage, model.provider(), model.model(), input, output, fallbacks));
                return output;
            } catch (BudgetExhausted e) {
                throw e;
            } catch (ModelUnavailable e) {
                log.warn("Stage {} fell back from {}:{}: {}", stage, model.provider(), model.model(), e.getMessage());
                fallbacks.add(e.getMessage());
            } catch (RuntimeException e) {
                // An answer that broke a record's rules (a null in a list, say) is no answer either.
                log.warn("Stage {} fell back from {}:{}", stage, model.provider(), model.model(), e);
                fallbacks.add(model.provider() + "/" + model.model() + ": an answer the stage could not use");
            }
        }
        var started = System.nanoTime();
        var output = builtIn.get();
        var millis = (System.nanoTime() - started) / 1_000_000;
        trace.add(builtInCall(trace, stage, input, output, millis));
        trace.add(completed(trace, stage, BUILT_IN, BUILT_IN, input, output, fallbacks));
        return output;
    }

    /**
     * The role's own models while the budgets have room; the economy model (then the built-in one) once
     * one of them is past its economy share; none when a role uses no hosted model, which costs nothing.
     *
     * @throws BudgetExhausted when a budget has no room left: the run stops
     */
    private List<HostedModel> chain(RunTrace trace, Role role, List<String> fallbacks) {
        var chain = models.chain(role);
        if (chain.isEmpty()) {
            return chain;
        }
        var metering = trace.metering();
        return switch (budgets.standing(metering.tenantId(), metering.userId())) {
            case WITHIN -> chain;
            case NEAR -> {
                fallbacks.add("a budget is nearly used up: "
                        + (models.economy().isEmpty()
                                ? "the built-in model answers"
                                : "the economy model answers ("
                                        + models.economy().getFirst().model() + ")"));
                yield models.economy();
            }
        };
    }

    private StageCompleted completed(
            RunTrace trace,
            String stage,
            String provider,
            String model,
            Object input,
            Object output,
            List<String> fallbacks) {
        return new StageCompleted(
                UUID.randomUUID(),
                Instant.now(clock),
                trace.runId(),
                stage,
                provider,
                model,
                asMap(input),
                asMap(output),
                fallbacks);
    }

    /**
     * The built-in model is metered like any other, so usage totals always equal the calls made; its
     * token counts are estimates (four characters a token) and it costs nothing.
     */
    private ModelCalled builtInCall(RunTrace trace, String stage, Object input, Object output, long millis) {
        var metering = trace.metering();
        return new ModelCalled(
                UUID.randomUUID(),
                Instant.now(clock),
                metering.runId(),
                metering.tenantId(),
                metering.userId(),
                BUILT_IN,
                BUILT_IN,
                stage,
                estimateTokens(mapper.writeValueAsString(input)),
                estimateTokens(mapper.writeValueAsString(output)),
                0,
                millis,
                millis,
                true);
    }

    static long estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }

    private Map<String, Object> asMap(Object value) {
        return switch (value) {
            case String text -> Map.of("text", text);
            case List<?> list -> Map.of("items", list);
            default -> mapper.convertValue(value, MAP);
        };
    }

    private static Map<String, Object> shown(AskedQuestion question, Validation validation) {
        var shown = shown(question);
        shown.put("validation", validation);
        return shown;
    }

    /** A question as a stage's event shows it: the words and where it looks, not every profile. */
    private static Map<String, Object> shown(AskedQuestion question) {
        var shown = new LinkedHashMap<String, Object>();
        shown.put("question", question.text());
        if (question.dataset() != null) {
            shown.put("dataset", question.dataset());
        }
        shown.put(
                "datasets",
                question.datasets().stream().map(dataset -> dataset.name()).toList());
        if (!question.turns().isEmpty()) {
            shown.put("turns", question.turns());
        }
        return shown;
    }
}
