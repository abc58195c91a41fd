package dev.analyst.agent.run;

import dev.analyst.agent.builtin.DeepPlanner;
import dev.analyst.agent.builtin.TemplateSummariser;
import dev.analyst.agent.catalog.DatasetCatalog;
import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.agent.run.RunCoordinator.ActiveRun;
import dev.analyst.agent.run.RunCoordinator.Outcome;
import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.Provenance;
import dev.analyst.agent.stage.Validation;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.Analysis;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ChartDesigned;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.ResultProduced;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.contracts.step.AnalysisSucceeded;
import dev.analyst.contracts.step.ChartHydrated;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.contracts.step.StepSucceeded;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A deep analysis ({@code @deep}): several steps planned at once, their expected cost shown before the
 * first runs, then run one at a time through the ordinary step machinery, each result written up as a
 * section by the summarise stage, and the sections put together as one report. What is left to run
 * and what was written are kept with the run ({@link DeepRun}), so a restart between steps loses
 * nothing. A step that fails becomes a section saying what could not be done, and the report goes on.
 */
@Component
class DeepAnalysis {

    private final RunRows rows;
    private final DatasetCatalog catalog;
    private final Stages stages;
    private final DeepPlanner planner;
    private final StepRequests steps;
    private final TemplateSummariser template;
    private final EventCodec codec;
    private final Clock clock = Clock.systemUTC();

    DeepAnalysis(
            RunRows rows,
            DatasetCatalog catalog,
            Stages stages,
            DeepPlanner planner,
            StepRequests steps,
            TemplateSummariser template,
            EventCodec codec) {
        this.rows = rows;
        this.catalog = catalog;
        this.stages = stages;
        this.planner = planner;
        this.steps = steps;
        this.template = template;
        this.codec = codec;
    }

    /**
     * Plans the analysis once the decider chose to plan: the question's own plan (by the planner
     * stage, hosted or built-in) and the built-in steps over the main table, then says what it will do
     * and cost, and asks for the first step.
     */
    Outcome start(QuestionAsked question, AskedQuestion asked, Validation validation, DerivedIds ids, RunTrace trace) {
        var runId = question.runId();
        trace.add(progress(ids, runId, "plan", "Planning the deep analysis"));
        var decision = stages.plan(trace, asked, validation);
        var own = decision instanceof Decision.Planned planned ? planned.plan() : null;
        var dataset = own != null
                ? asked.dataset(own.datasetId())
                : planner.datasetFor(
                        asked.text(),
                        validation.dataset() != null ? validation.dataset() : asked.dataset(),
                        asked.datasets());
        if (dataset.isEmpty()) {
            var message = decision instanceof Decision.NoDataset noDataset
                    ? noDataset.message()
                    : "There is no dataset to analyse.";
            trace.add(failed(ids.next(), question, "no-dataset", message));
            return new Outcome(insert(question, "failed", null, null, null), trace);
        }
        var plans = planner.plan(dataset.get(), asked.text(), own);
        if (plans.isEmpty()) {
            trace.add(failed(
                    ids.next(),
                    question,
                    "not-understood",
                    "The dataset \"" + dataset.get().name()
                            + "\" has no numbers to analyse and the question alone could not be read."));
            return new Outcome(insert(question, "failed", null, null, null), trace);
        }
        if (own == null) {
            trace.add(progress(
                    ids,
                    runId,
                    "plan",
                    "The question alone could not be read as one query; the report covers "
                            + plans.getFirst().table() + " of " + dataset.get().name()));
        }
        trace.add(progress(ids, runId, "plan", estimate(trace, plans)));
        var first = plans.getFirst();
        var stepId = ids.next();
        steps.request(trace, ids, first, stepId, 1, question.tenantId(), sectionStarts(1, plans.size(), first));
        var state = new DeepRun(
                asked.text(), dataset.get().name(), plans.size(), plans.subList(1, plans.size()), List.of());
        return new Outcome(insert(question, RunCoordinator.EXECUTING, stepId, first, state), trace);
    }

    /**
     * The plan and its expected cost, as the user reads it before anything runs. Without hosted models
     * every stage is the built-in model's, which costs nothing.
     */
    String estimate(RunTrace trace, List<Plan> plans) {
        var which = plans.stream().map(Plan::measureLabel).collect(Collectors.joining("; "));
        var plan = "Deep analysis: " + plans.size() + (plans.size() == 1 ? " step" : " steps") + " (" + which + ")";
        return stages.foreseeDeep(trace, plans.size())
                .map(cost -> plan + ". " + cost)
                .orElse(plan + " on the built-in model, no model cost.");
    }

    /**
     * A step of the analysis ended: its section is written, then the next step is asked for, or the
     * report completes the run.
     */
    Outcome next(ActiveRun run, DeepRun deep, StepResult result, DerivedIds ids, RunTrace trace) {
        var plan = run.plan();
        var section = switch (result) {
            // A deep run asks for no chart of its own: its figures come with the analyses.
            case ChartHydrated ignored -> null;
            case StepFailed stepFailed -> notDone(plan, stepFailed.message());
            case StepSucceeded succeeded
            when succeeded.result().rows().isEmpty() -> notDone(plan, "the query matched no rows");
            case StepSucceeded succeeded -> written(trace, plan, succeeded.result());
            case AnalysisSucceeded analysed -> written(trace, plan, analysed);
        };
        if (section == null) {
            return new Outcome(Mono.just(0L), trace);
        }
        var state = deep.with(section);
        if (!deep.remaining().isEmpty()) {
            var next = deep.remaining().getFirst();
            var stepId = ids.next();
            steps.request(
                    trace,
                    ids,
                    next,
                    stepId,
                    1,
                    run.tenantId(),
                    sectionStarts(state.sections().size() + 1, deep.total(), next));
            return new Outcome(move(run, result, RunCoordinator.EXECUTING, stepId, next, state), trace);
        }
        report(run, state, ids, trace);
        // The first section's plan stays the run's: a follow-up or a rating is about the question's own.
        return new Outcome(
                move(
                        run,
                        result,
                        "answered",
                        result.stepId(),
                        state.sections().getFirst().plan(),
                        state),
                trace);
    }

    /** The report: a title and a paragraph per section in order, the first table, the most telling figure. */
    private void report(ActiveRun run, DeepRun deep, DerivedIds ids, RunTrace trace) {
        var runId = run.runId();
        var sections = deep.sections();
        var first = sections.getFirst();
        var table = sections.stream()
                .map(DeepRun.Section::table)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(RunCoordinator.NO_RESULT);
        trace.add(new ResultProduced(ids.next(), now(), runId, table));
        trace.add(progress(ids, runId, "summarise", "Writing the report"));
        var text = "Deep analysis of " + deep.dataset() + ": " + deep.question() + "\n\n"
                + sections.stream().map(DeepRun.Section::summary).collect(Collectors.joining("\n\n"));
        trace.add(new SummaryWritten(ids.next(), now(), runId, text));
        var asked = new AskedQuestion(
                first.plan().question(), first.plan().dataset(), catalog.visibleTo(run.tenantId()), List.of());
        var followUps = stages.suggest(trace, asked, first.plan(), table);
        var shown = sections.stream()
                .filter(section -> section.figure() != null)
                .max(Comparator.comparingInt((DeepRun.Section section) -> telling(section.plan()))
                        .thenComparing(section -> -sections.indexOf(section)))
                .orElse(null);
        var chart = shown == null ? RunCoordinator.NO_CHART : Objects.requireNonNull(shown.chart());
        var figure = shown == null ? null : shown.figure();
        trace.add(new ChartDesigned(ids.next(), now(), runId, chart, figure));
        trace.add(new AnswerCompleted(
                ids.next(),
                now(),
                runId,
                run.conversationId(),
                run.tenantId(),
                text,
                first.plan().sql(),
                table,
                chart,
                followUps,
                figure,
                null));
    }

    /**
     * How much a section's figure tells about the question: an analysis the question asked for (a
     * regression, a test, clusters) most, then how the numbers move together, over time, their
     * outliers, and their spread least.
     */
    private static int telling(Plan plan) {
        Analysis analysis = plan.analysis();
        return switch (analysis) {
            case null -> 0;
            case Describe ignored -> 1;
            case OutlierDetection ignored -> 2;
            case TrendForecast ignored -> 3;
            case CorrelationMatrix ignored -> 4;
            default -> 5;
        };
    }

    /** A section written by the summarise stage, its numbers traced to the result like any answer's. */
    private DeepRun.Section written(RunTrace trace, Plan plan, ResultTable table) {
        var provenance = new Provenance(table, RunCoordinator.stated(plan));
        var pieces = provenance.numbersChecked(piece -> {});
        var written = stages.summarise(trace, plan.question(), plan, table, pieces);
        pieces.finish();
        var summary = provenance.check(written).text();
        if (summary.isBlank()) {
            summary = template.summarise(plan.question(), plan, table);
        }
        return new DeepRun.Section(plan, summary, table, null, null);
    }

    private DeepRun.Section written(RunTrace trace, Plan plan, AnalysisSucceeded analysed) {
        var analysis = analysed.analysis();
        var provenance =
                new Provenance(analysis.table(), analysis.statistics().values(), RunCoordinator.stated(plan, analysis));
        var pieces = provenance.numbersChecked(piece -> {});
        var written = stages.summarise(trace, plan.question(), plan, analysis, pieces);
        pieces.finish();
        var summary = provenance.check(written).text();
        if (summary.isBlank()) {
            summary = template.summarise(plan, analysis);
        }
        return new DeepRun.Section(plan, summary, analysis.table(), analysis.chart(), analysed.figure());
    }

    /** A step that failed is a section too: the report says what could not be done, and why. */
    private static DeepRun.Section notDone(Plan plan, String why) {
        var reason = why.strip().replaceAll("[.!]+$", "");
        return new DeepRun.Section(
                plan, capitalise(plan.measureLabel()) + " could not be computed: " + reason + ".", null, null, null);
    }

    private static String sectionStarts(int section, int total, Plan plan) {
        return "Section " + section + " of " + total + ": " + plan.measureLabel();
    }

    private Mono<Long> insert(
            QuestionAsked question, String status, @Nullable UUID stepId, @Nullable Plan plan, @Nullable DeepRun deep) {
        return rows.insert(question, status, stepId, plan, deep);
    }

    /** Moves the run on from the step the result answers; a duplicate or late result updates nothing. */
    private Mono<Long> move(ActiveRun run, StepResult result, String status, UUID stepId, Plan plan, DeepRun deep) {
        return rows.move(run.runId(), result.stepId(), run.status(), status, stepId, 1, plan, null, deep);
    }

    DeepRun read(String json) {
        return codec.read(json, DeepRun.class);
    }

    private ProgressReported progress(DerivedIds ids, UUID runId, String stage, String message) {
        return new ProgressReported(ids.next(), now(), runId, stage, message);
    }

    private RunFailed failed(UUID eventId, QuestionAsked question, String reason, String message) {
        return new RunFailed(
                eventId, now(), question.runId(), question.conversationId(), question.tenantId(), reason, message);
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private Instant now() {
        return Instant.now(clock);
    }
}
