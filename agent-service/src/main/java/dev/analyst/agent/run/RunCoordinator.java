package dev.analyst.agent.run;

import dev.analyst.agent.AgentProperties;
import dev.analyst.agent.budget.BudgetExhausted;
import dev.analyst.agent.builtin.DeepPlanner;
import dev.analyst.agent.builtin.TemplateSummariser;
import dev.analyst.agent.catalog.DatasetCatalog;
import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.agent.outbox.Outbox;
import dev.analyst.agent.outbox.OutboxRelay;
import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.AskedQuestion.Turn;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.FailedAttempt;
import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.Provenance;
import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.question.AnalystAgent;
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
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.contracts.step.AnalysisSucceeded;
import dev.analyst.contracts.step.ChartHydrated;
import dev.analyst.contracts.step.ChartRequested;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.contracts.step.StepSucceeded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A run's state machine. Each incoming event is handled once: the stages run first, outside any
 * transaction (a model call may take seconds), and then the event's id, the run's new state and the
 * events that announce it are committed together, so a redelivery changes nothing and a crash loses
 * nothing. Should two handlings of one event race, the loser publishes only the usage of the model
 * calls it made, which were real and are billed.
 */
@Component
public class RunCoordinator {

    private static final Logger log = LoggerFactory.getLogger(RunCoordinator.class);

    /** The reason a run stopped because a budget had no room for its next model call. */
    static final String BUDGET = "budget-exhausted";

    /** The reason a run stopped because its user asked it to. */
    static final String CANCELLED = "cancelled";

    /** The reason a run stopped because the result of its step never came within its lease. */
    static final String TIMED_OUT = "timed-out";

    private static final String BROKE = "Something went wrong while answering. Please ask again.";

    /** The most attempts at a plan's query, the first included. */
    static final int MOST_ATTEMPTS = 5;

    /** The earlier turns a question is read against: enough for "and by region?", little prompt. */
    private static final int TURNS = 3;

    /** The most characters of earlier turns a prompt carries: about 400 tokens. */
    static final int TURNS_BUDGET = 1_600;

    static final String EXECUTING = "executing";
    private static final String CHARTING = "charting";

    /** What an answer without a chart or a result table carries in their place. */
    static final ChartSpec NO_CHART = new ChartSpec("none", "", "", List.of(), "", "");

    static final ResultTable NO_RESULT = new ResultTable(List.of(), List.of(), false);

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final DatasetCatalog catalog;
    private final Stages stages;
    private final StepRequests steps;
    private final DeepAnalysis deep;
    private final RunRows rows;
    private final SummaryDeltas deltas;
    private final Examples examples;
    private final TemplateSummariser template;
    private final EventCodec codec;
    private final AgentProperties properties;
    private final MeterRegistry meters;
    private final Counter retries;
    private final Clock clock = Clock.systemUTC();

    RunCoordinator(
            DatabaseClient database,
            TransactionalOperator transactions,
            Outbox outbox,
            OutboxRelay relay,
            DatasetCatalog catalog,
            Stages stages,
            StepRequests steps,
            DeepAnalysis deep,
            RunRows rows,
            SummaryDeltas deltas,
            Examples examples,
            TemplateSummariser template,
            EventCodec codec,
            AgentProperties properties,
            MeterRegistry meters) {
        this.database = database;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
        this.catalog = catalog;
        this.stages = stages;
        this.steps = steps;
        this.deep = deep;
        this.rows = rows;
        this.deltas = deltas;
        this.examples = examples;
        this.template = template;
        this.codec = codec;
        this.properties = properties;
        this.meters = meters;
        this.retries = Counter.builder("analyst.agent.retries")
                .description("Queries the agent corrected and tried again after a failed or empty attempt")
                .register(meters);
    }

    public Mono<Void> onQuestion(QuestionAsked question) {
        return unlessHandled(
                question.eventId(),
                turns(question)
                        .zipWith(examples.of(question.tenantId()))
                        .publishOn(Schedulers.boundedElastic())
                        .map(earlier -> startOrFail(question, earlier.getT1(), earlier.getT2())));
    }

    /**
     * The user asked to stop a run: a run of theirs still waiting for a step stops as {@code RunFailed}
     * {@code cancelled}. The step in flight finishes in execution-service, and its result, finding the
     * run no longer waiting, changes nothing; what the run had published (its SQL, results, summary so
     * far) stays with the client. A run that has ended, or is another user's, is left alone.
     */
    public Mono<Void> onCancel(RunCancelRequested cancel) {
        return unlessHandled(cancel.eventId(), Mono.fromSupplier(() -> {
            var trace = new RunTrace(cancel.runId(), cancel.tenantId(), cancel.userId());
            trace.add(new RunFailed(
                    UUID.randomUUID(),
                    now(),
                    cancel.runId(),
                    cancel.conversationId(),
                    cancel.tenantId(),
                    CANCELLED,
                    "Stopped at your request; what it had found so far is kept."));
            return new Outcome(rows.cancel(cancel.runId(), cancel.tenantId(), cancel.userId()), trace);
        }));
    }

    /**
     * The user said whether a run's answer was right: a correct one is kept as an example for the
     * tenant's similar questions, a wrong one is dropped. Only the asker's own answered runs count.
     */
    public Mono<Void> onAnswerRated(AnswerRated rated) {
        return unlessHandled(
                rated.eventId(),
                ratedPlan(rated)
                        .publishOn(Schedulers.boundedElastic())
                        .map(plan -> new Outcome(
                                rated.correct()
                                        ? examples.keep(
                                                rated.runId(),
                                                rated.tenantId(),
                                                plan.dataset(),
                                                plan.question(),
                                                plan.sql())
                                        : examples.forget(rated.runId(), rated.tenantId()),
                                new RunTrace(rated.runId(), rated.tenantId(), rated.userId()))));
    }

    private Mono<Plan> ratedPlan(AnswerRated rated) {
        return database.sql("""
                        SELECT plan FROM run WHERE run_id = :runId AND tenant_id = :tenantId AND user_id = :userId
                           AND status = 'answered' AND plan IS NOT NULL""")
                .bind("runId", rated.runId())
                .bind("tenantId", rated.tenantId())
                .bind("userId", rated.userId())
                .map(row -> codec.read(row.get("plan", String.class), Plan.class))
                .one();
    }

    public Mono<Void> onStepResult(StepResult result) {
        return unlessHandled(
                result.eventId(),
                activeRun(result)
                        .publishOn(Schedulers.boundedElastic())
                        .map(run -> finishOrFail(run, result).onCommit(() -> stepEnded(run, result))));
    }

    /** Counts a step by its kind and how it ended, once: when its result is committed. */
    private void stepEnded(ActiveRun run, StepResult result) {
        var kind = switch (result) {
            case ChartHydrated ignored -> "chart";
            case AnalysisSucceeded ignored -> "analysis";
            case StepSucceeded ignored -> "sql";
            case StepFailed ignored when run.status().equals(CHARTING) -> "chart";
            case StepFailed ignored -> run.plan().analysis() != null ? "analysis" : "sql";
        };
        var outcome = result instanceof StepFailed ? "failed" : "succeeded";
        Counter.builder("analyst.agent.steps")
                .description("Steps whose results the agent handled, by kind (sql, analysis, chart) and outcome")
                .tags("kind", kind, "outcome", outcome)
                .register(meters)
                .increment();
    }

    /**
     * The caller's earlier planned turns in this conversation, oldest first, as they were read (a
     * follow-up written out whole), for a follow-up to be read against.
     */
    private Mono<List<Turn>> turns(QuestionAsked question) {
        return database.sql("""
                        SELECT question, plan FROM run
                         WHERE conversation_id = :conversationId AND tenant_id = :tenantId AND user_id = :userId
                           AND run_id <> :runId AND plan IS NOT NULL
                         ORDER BY created_at DESC LIMIT :turns""")
                .bind("conversationId", question.conversationId())
                .bind("tenantId", question.tenantId())
                .bind("userId", question.userId())
                .bind("runId", question.runId())
                .bind("turns", TURNS)
                .map(row -> {
                    var plan = codec.read(row.get("plan", String.class), Plan.class);
                    // Plans stored before they carried the question read as the question asked.
                    var asked = plan.question() != null ? plan.question() : row.get("question", String.class);
                    return new Turn(asked, plan.sql());
                })
                .all()
                .collectList()
                .map(RunCoordinator::withinBudget)
                // Earlier turns that cannot be read make this one a first question, not a failure.
                .onErrorResume(RuntimeException.class, e -> Mono.just(List.of()));
    }

    /** The newest turns that fit the budget, oldest first: a long SQL leaves room for fewer. */
    static List<Turn> withinBudget(List<Turn> newestFirst) {
        var kept = new ArrayList<Turn>();
        var used = 0;
        for (var turn : newestFirst) {
            used += turn.question().length() + turn.sql().length();
            if (used > TURNS_BUDGET && !kept.isEmpty()) {
                break;
            }
            kept.add(turn);
        }
        return kept.reversed();
    }

    /**
     * A question whose handling broke (a defect, not a model's failure: those fall back) ends as an
     * explicit failure the user sees, rather than a run left running and a record retried into the DLT.
     */
    private Outcome startOrFail(QuestionAsked question, List<Turn> turns, List<Examples.Stored> stored) {
        var ids = new DerivedIds(question.eventId());
        var trace = new RunTrace(question.runId(), question.tenantId(), question.userId());
        try {
            return start(question, turns, stored, ids, trace);
        } catch (BudgetExhausted e) {
            // What the run did before the stop stays, usage included: those calls were made and billed.
            trace.add(failed(ids.next(), question, BUDGET, e.getMessage()));
            return new Outcome(insert(new RunRow(question, "failed", null, null)), trace);
        } catch (RuntimeException e) {
            log.error("Answering the question of run {} broke", question.runId(), e);
            var broken = new RunTrace(question.runId(), question.tenantId(), question.userId());
            broken.add(failed(new DerivedIds(question.eventId()).next(), question, "internal", BROKE));
            return new Outcome(insert(new RunRow(question, "failed", null, null)), broken);
        }
    }

    private Outcome finishOrFail(ActiveRun run, StepResult result) {
        var ids = new DerivedIds(result.eventId());
        var trace = new RunTrace(run.runId(), run.tenantId(), run.userId());
        try {
            return finish(run, result, ids, trace);
        } catch (BudgetExhausted e) {
            trace.add(runFailed(ids.next(), run, BUDGET, e.getMessage()));
            return new Outcome(move(run, result, "failed", null, run.attempt(), run.plan(), null), trace);
        } catch (RuntimeException e) {
            log.error("Finishing run {} broke", run.runId(), e);
            var broken = new RunTrace(run.runId(), run.tenantId(), run.userId());
            broken.add(runFailed(new DerivedIds(result.eventId()).next(), run, BROKE));
            return new Outcome(move(run, result, "failed", null, run.attempt(), run.plan(), null), broken);
        }
    }

    private Outcome start(
            QuestionAsked question, List<Turn> turns, List<Examples.Stored> stored, DerivedIds ids, RunTrace trace) {
        var runId = question.runId();
        trace.add(new RunStarted(
                ids.next(), now(), runId, question.conversationId(), question.tenantId(), question.question()));
        trace.add(new ProgressReported(ids.next(), now(), runId, "validate", "Reading the question against your data"));
        // "@statistics describe the price": the agent is who answers, the rest is the question.
        var text = AnalystAgent.withoutMentions(question.question());
        var asked = new AskedQuestion(
                text,
                question.dataset(),
                catalog.visibleTo(question.tenantId()),
                turns,
                AnalystAgent.mentionedIn(question.question()).orElse(null),
                examples.similar(stored, text, question.dataset()));
        var deepAnalysis = asked.agent() == AnalystAgent.DEEP;
        // Before any model call: a deep analysis at its largest, then its exact plan and cost once planned.
        (deepAnalysis
                        ? stages.foreseeDeep(trace, DeepPlanner.MOST_STEPS)
                                .map(cost ->
                                        "A deep analysis of up to " + DeepPlanner.MOST_STEPS + " sections. " + cost)
                        : stages.foresee(trace))
                .ifPresent(expected -> trace.add(new ProgressReported(ids.next(), now(), runId, "validate", expected)));
        if (!asked.examples().isEmpty()) {
            trace.add(new ProgressReported(
                    ids.next(),
                    now(),
                    runId,
                    "validate",
                    "Reading it alongside " + asked.examples().size() + " earlier "
                            + (asked.examples().size() == 1 ? "answer" : "answers") + " marked correct"));
        }

        var validation = stages.validate(trace, asked);
        var verdict = stages.decide(trace, asked, validation);
        var state = new RunRow(question, "failed", null, null);
        switch (verdict.action()) {
            case ANSWER, CLARIFY -> {
                state = new RunRow(question, "answered", null, null);
                trace.add(new AnswerCompleted(
                        ids.next(),
                        now(),
                        runId,
                        question.conversationId(),
                        question.tenantId(),
                        verdict.message(),
                        "",
                        NO_RESULT,
                        NO_CHART,
                        List.of()));
            }
            case REFUSE -> trace.add(failed(ids.next(), question, "refused", verdict.message()));
            case PLAN -> {
                if (deepAnalysis) {
                    return deep.start(question, asked, validation, ids, trace);
                }
                trace.add(new ProgressReported(ids.next(), now(), runId, "plan", "Planning the query"));
                switch (stages.plan(trace, asked, validation)) {
                    case Decision.Planned planned -> {
                        var plan = planned.plan();
                        if (!plan.question().equals(asked.text())) {
                            trace.add(new ProgressReported(
                                    ids.next(), now(), runId, "plan", "Read as a follow-up: " + plan.question()));
                        }
                        var stepId = ids.next();
                        state = new RunRow(question, EXECUTING, stepId, plan);
                        steps.request(
                                trace,
                                ids,
                                plan,
                                stepId,
                                1,
                                question.tenantId(),
                                "Running the query on " + plan.dataset());
                    }
                    case Decision.NotUnderstood notUnderstood ->
                        trace.add(failed(
                                ids.next(),
                                question,
                                "not-understood",
                                notUnderstood.message()
                                        + (notUnderstood.suggestions().isEmpty()
                                                ? ""
                                                : " You could ask: "
                                                        + String.join(" / ", notUnderstood.suggestions()))));
                    case Decision.NoDataset noDataset ->
                        trace.add(failed(ids.next(), question, "no-dataset", noDataset.message()));
                }
            }
        }
        return new Outcome(insert(state), trace);
    }

    private Outcome finish(ActiveRun run, StepResult result, DerivedIds ids, RunTrace trace) {
        if (run.status().equals(CHARTING)) {
            return drawn(trace, ids, run, result);
        }
        if (run.deep() != null) {
            return deep.next(run, run.deep(), result, ids, trace);
        }
        var asked = new AskedQuestion(
                run.plan().question(), run.plan().dataset(), catalog.visibleTo(run.tenantId()), List.of());
        var failure = switch (result) {
            case StepSucceeded succeeded
            when succeeded.result().rows().isEmpty() ->
                new FailedAttempt(run.attempt(), run.plan().sql(), null, "The query matched no rows.");
            case StepSucceeded ignored -> null;
            case AnalysisSucceeded ignored -> null;
            // A chart is only asked for once the answer is written: nothing for a run still executing.
            case ChartHydrated ignored -> null;
            case StepFailed stepFailed ->
                new FailedAttempt(run.attempt(), run.plan().sql(), stepFailed.error(), stepFailed.message());
        };
        if (failure != null) {
            // Every failure is analysed, the last one too: the diagnosis is what the user reads.
            var correction = stages.analyse(trace, asked, run.plan(), failure);
            var retriable = run.attempt() < MOST_ATTEMPTS
                    && (failure.empty()
                            || failure.error() != null && failure.error().correctable());
            if (retriable && correction.corrected() && !correction.sql().equals(failure.sql())) {
                var attempt = run.attempt() + 1;
                var plan = run.plan().withSql(correction.sql());
                var stepId = ids.next();
                steps.request(
                        trace,
                        ids,
                        plan,
                        stepId,
                        attempt,
                        run.tenantId(),
                        "Attempt " + attempt + " of " + MOST_ATTEMPTS + ": " + correction.diagnosis());
                return new Outcome(move(run, result, EXECUTING, stepId, attempt, plan, null), trace);
            }
            if (!failure.empty()) {
                trace.add(runFailed(ids.next(), run, correction.diagnosis()));
                return new Outcome(move(run, result, "failed", null, run.attempt(), run.plan(), null), trace);
            }
        }
        return switch (result) {
            case StepSucceeded succeeded -> answer(trace, ids, run, result, asked, succeeded.result(), null, null);
            case AnalysisSucceeded analysed ->
                answer(
                        trace,
                        ids,
                        run,
                        result,
                        asked,
                        analysed.analysis().table(),
                        analysed.analysis(),
                        analysed.figure());
            default -> new Outcome(Mono.just(0L), trace);
        };
    }

    /**
     * Writes the answer: the result, the summary (streamed), the chart and the follow-ups. A query's
     * chart is then drawn by execution over the query's whole result, and the answer completes when the
     * figure arrives (or the wait is over); an analysis's chart is over its own table, which no query
     * selects, so execution drew it with the analysis and its answer completes at once.
     */
    private Outcome answer(
            RunTrace trace,
            DerivedIds ids,
            ActiveRun run,
            StepResult result,
            AskedQuestion asked,
            ResultTable table,
            @Nullable AnalysisResult analysis,
            @Nullable ChartFigure analysisFigure) {
        var plan = run.plan();
        trace.add(new ResultProduced(ids.next(), now(), run.runId(), table));
        trace.add(new ProgressReported(ids.next(), now(), run.runId(), "summarise", "Writing the answer"));
        var provenance = analysis == null
                ? new Provenance(table, stated(plan))
                : new Provenance(table, analysis.statistics().values(), stated(plan, analysis));
        var pieces = provenance.numbersChecked(deltas.of(run.runId()));
        var written = analysis == null
                ? stages.summarise(trace, plan.question(), plan, table, pieces)
                : stages.summarise(trace, plan.question(), plan, analysis, pieces);
        pieces.finish();
        var checked = provenance.check(written);
        var summary = checked.text();
        if (summary.isBlank()) {
            // Nothing the model wrote could be traced to the result: the templated summary can.
            summary = analysis == null
                    ? template.summarise(plan.question(), plan, table)
                    : template.summarise(plan, analysis);
        }
        var untraced = checked.leftOut();
        if (untraced > 0) {
            trace.add(new ProgressReported(
                    ids.next(),
                    now(),
                    run.runId(),
                    "summarise",
                    "Left out " + untraced + (untraced == 1 ? " sentence" : " sentences")
                            + " with numbers not found in the result"));
        }
        trace.add(new SummaryWritten(ids.next(), now(), run.runId(), summary));
        var chart = analysis == null ? stages.chart(trace, asked, plan, table) : analysis.chart();
        var followUps = stages.suggest(trace, asked, plan, table);
        var answer = new WrittenAnswer(summary, table, chart, followUps, analysis);
        if (analysis == null && !chart.type().equals("table")) {
            var stepId = ids.next();
            trace.add(new ProgressReported(ids.next(), now(), run.runId(), "chart", "Drawing the chart"));
            trace.add(new ChartRequested(
                    ids.next(), now(), run.runId(), stepId, run.tenantId(), plan.datasetId(), plan.sql(), chart));
            return new Outcome(move(run, result, CHARTING, stepId, run.attempt(), plan, answer), trace);
        }
        complete(trace, ids, run, answer, analysisFigure);
        return new Outcome(move(run, result, "answered", null, run.attempt(), plan, null), trace);
    }

    /**
     * The chart step of an answer ended: drawn, the answer completes with the figure; failed, without
     * it (a chart never fails a run).
     */
    private Outcome drawn(RunTrace trace, DerivedIds ids, ActiveRun run, StepResult result) {
        var answer = Objects.requireNonNull(run.answer());
        ChartFigure figure = null;
        switch (result) {
            case ChartHydrated hydrated -> figure = hydrated.figure();
            case StepFailed failed ->
                trace.add(new ProgressReported(
                        ids.next(),
                        now(),
                        run.runId(),
                        "chart",
                        "The chart could not be drawn (" + failed.message() + "); the answer comes without it"));
            default -> {
                // Not an answer to a chart request: nothing changes.
                return new Outcome(Mono.just(0L), trace);
            }
        }
        complete(trace, ids, run, answer, figure);
        return new Outcome(move(run, result, "answered", null, run.attempt(), run.plan(), null), trace);
    }

    /** The chart and the whole answer, the figure with them when execution drew it. */
    private void complete(
            RunTrace trace, DerivedIds ids, ActiveRun run, WrittenAnswer answer, @Nullable ChartFigure figure) {
        trace.add(new ChartDesigned(ids.next(), now(), run.runId(), answer.chart(), figure));
        trace.add(new AnswerCompleted(
                ids.next(),
                now(),
                run.runId(),
                run.conversationId(),
                run.tenantId(),
                answer.summary(),
                run.plan().sql(),
                answer.result(),
                answer.chart(),
                answer.followUps(),
                figure,
                answer.analysis()));
    }

    /**
     * Completes the answers whose chart was not drawn within {@code analyst.agent.chart-wait}, without
     * the figure. Each is moved on only if it is still waiting, so a figure arriving at the same moment
     * and this sweep never both complete it.
     *
     * @return how many answers were completed
     */
    public Mono<Long> completeOverdueCharts() {
        return moveOverdue(CHARTING, properties.chartWait(), "answered", (run, ids, trace) -> {
            trace.add(new ProgressReported(
                    ids.next(),
                    now(),
                    run.runId(),
                    "chart",
                    "The chart took too long to draw; the answer comes without it"));
            complete(trace, ids, run, Objects.requireNonNull(run.answer()), null);
        });
    }

    /**
     * Fails the runs whose step has not answered within {@code analyst.agent.step-lease}: the request or
     * its result was lost (dead-lettered, or a query outlived every timeout), and nothing else would ever
     * move them. A crash is not such a loss: Kafka redelivers, and the run resumes where it was. Each is
     * moved only if it still waits for the same step, so a result arriving at the same moment and this
     * sweep never both end it.
     *
     * @return how many runs were failed
     */
    public Mono<Long> failExpiredLeases() {
        return moveOverdue(EXECUTING, properties.stepLease(), "failed", (run, ids, trace) -> {
            log.warn("Run {} waited past its lease for step {}: failing it", run.runId(), run.stepId());
            trace.add(runFailed(
                    ids.next(),
                    run,
                    TIMED_OUT,
                    "A step of this run did not finish within " + minutes(properties.stepLease())
                            + ". Please ask again."));
        });
    }

    /** What a sweep says of a run it moves on: the events that announce the move. */
    private interface Overdue {
        void announce(ActiveRun run, DerivedIds ids, RunTrace trace);
    }

    /**
     * Moves the runs that have waited in {@code status} longer than {@code wait} on to {@code to}, a hundred
     * at a time, each with its events in one transaction and only if it still waits for the same step.
     *
     * @return how many runs were moved
     */
    private Mono<Long> moveOverdue(String status, java.time.Duration wait, String to, Overdue overdue) {
        return database.sql("""
                        SELECT run_id, step_id, conversation_id, tenant_id, user_id, plan, attempt, status, answer,
                               deep::text AS deep
                          FROM run
                         WHERE status = :status AND updated_at < now() - make_interval(secs => :seconds)
                         ORDER BY updated_at LIMIT 100""")
                .bind("status", status)
                .bind("seconds", wait.toMillis() / 1000.0)
                .map((row, metadata) -> activeRun(row, row.get("run_id", UUID.class)))
                .all()
                .concatMap(run -> {
                    var ids = new DerivedIds(Objects.requireNonNull(run.stepId()));
                    var trace = new RunTrace(run.runId(), run.tenantId(), run.userId());
                    overdue.announce(run, ids, trace);
                    return rows.move(
                                    run.runId(),
                                    run.stepId(),
                                    status,
                                    to,
                                    null,
                                    run.attempt(),
                                    run.plan(),
                                    null,
                                    run.deep())
                            .flatMap(changed ->
                                    changed > 0 ? outbox.append(trace.events()).thenReturn(1L) : Mono.just(0L))
                            .as(transactions::transactional);
                })
                .reduce(0L, Long::sum)
                .doOnSuccess(moved -> {
                    if (moved != null && moved > 0) {
                        relay.wakeUp();
                    }
                });
    }

    private static String minutes(java.time.Duration lease) {
        var seconds = lease.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + (seconds == 60 ? " minute" : " minutes") : seconds + " seconds";
    }

    /** What the user and the plan already stated, so a summary may repeat those numbers. */
    static List<String> stated(Plan plan) {
        var stated = new ArrayList<String>();
        stated.add(plan.question());
        stated.add(plan.measureLabel());
        stated.add(plan.groupLabel());
        stated.addAll(plan.filters());
        return stated;
    }

    /** What the plan and the analysis stated: its title and findings are execution's, computed from the rows. */
    static List<String> stated(Plan plan, AnalysisResult analysis) {
        var stated = stated(plan);
        stated.add(analysis.title());
        stated.addAll(analysis.findings());
        return stated;
    }

    private RunFailed runFailed(UUID eventId, ActiveRun run, String reason, String message) {
        return new RunFailed(eventId, now(), run.runId(), run.conversationId(), run.tenantId(), reason, message);
    }

    private RunFailed runFailed(UUID eventId, ActiveRun run, String message) {
        var attempts = run.attempt() > 1 ? " (after " + run.attempt() + " attempts)" : "";
        return new RunFailed(
                eventId, now(), run.runId(), run.conversationId(), run.tenantId(), "step-failed", message + attempts);
    }

    private RunFailed failed(UUID eventId, QuestionAsked question, String reason, String message) {
        return new RunFailed(
                eventId, now(), question.runId(), question.conversationId(), question.tenantId(), reason, message);
    }

    /** The run a step result answers, while it still waits for that step. */
    private Mono<ActiveRun> activeRun(StepResult result) {
        return database.sql("""
                        SELECT step_id, conversation_id, tenant_id, user_id, plan, attempt, status, answer,
                               deep::text AS deep
                          FROM run
                         WHERE run_id = :runId AND step_id = :stepId AND status IN ('executing', 'charting')""")
                .bind("runId", result.runId())
                .bind("stepId", result.stepId())
                .map((row, metadata) -> activeRun(row, result.runId()))
                .one();
    }

    private ActiveRun activeRun(Readable row, UUID runId) {
        var answer = row.get("answer", String.class);
        var deepRun = row.get("deep", String.class);
        return new ActiveRun(
                runId,
                row.get("step_id", UUID.class),
                row.get("conversation_id", UUID.class),
                row.get("tenant_id", String.class),
                row.get("user_id", String.class),
                codec.read(row.get("plan", String.class), Plan.class),
                row.get("attempt", Integer.class),
                row.get("status", String.class),
                answer == null ? null : codec.read(answer, WrittenAnswer.class),
                deepRun == null ? null : deep.read(deepRun));
    }

    private Mono<Long> insert(RunRow row) {
        return rows.insert(row.question(), row.status(), row.stepId(), row.plan(), null);
    }

    /**
     * Moves the run on from the step the result answers; a result for a run that has moved on (a
     * duplicate, or a late attempt) updates nothing.
     *
     * @param answer the written answer a run keeps while its chart is drawn, else null
     */
    private Mono<Long> move(
            ActiveRun run,
            StepResult result,
            String status,
            @Nullable UUID stepId,
            int attempt,
            Plan plan,
            @Nullable WrittenAnswer answer) {
        return rows.move(run.runId(), result.stepId(), run.status(), status, stepId, attempt, plan, answer, run.deep());
    }

    /**
     * Runs the work unless the event was handled before, then commits its record, the state change and
     * the events in one transaction. Work that finds nothing to do (a late result) commits nothing.
     */
    private Mono<Void> unlessHandled(UUID eventId, Mono<Outcome> work) {
        return database.sql("SELECT 1 FROM processed_event WHERE event_id = :id")
                .bind("id", eventId)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false)
                .flatMap(handled -> handled ? Mono.<Void>empty() : work.flatMap(outcome -> commit(eventId, outcome)))
                .doOnSuccess(ignored -> relay.wakeUp());
    }

    private Mono<Void> commit(UUID eventId, Outcome outcome) {
        var events = outcome.trace().events();
        return database.sql("INSERT INTO processed_event (event_id) VALUES (:id) ON CONFLICT DO NOTHING")
                .bind("id", eventId)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? outcome.state() : Mono.just(0L))
                .flatMap(changed -> outbox.append(
                                changed > 0 ? events : outcome.trace().usage())
                        .thenReturn(changed))
                .as(transactions::transactional)
                .doOnNext(changed -> {
                    if (changed > 0) {
                        committed(outcome);
                    }
                })
                .then();
    }

    /** What a committed outcome tells the metrics: the steps that ended, and every retried query. */
    private void committed(Outcome outcome) {
        outcome.onCommit().run();
        for (var event : outcome.trace().events()) {
            if (event instanceof SqlGenerated generated && generated.attempt() > 1) {
                retries.increment();
            }
        }
    }

    private Instant now() {
        return Instant.now(clock);
    }

    /**
     * What handling an event came to: the run's new state, the trace of events that announce it, and
     * what to do once both are committed.
     */
    record Outcome(Mono<Long> state, RunTrace trace, Runnable onCommit) {

        Outcome(Mono<Long> state, RunTrace trace) {
            this(state, trace, () -> {});
        }

        Outcome onCommit(Runnable then) {
            return new Outcome(state, trace, then);
        }
    }

    private record RunRow(
            QuestionAsked question,
            String status,
            @Nullable UUID stepId,
            @Nullable Plan plan) {}

    /**
     * A run waiting for a step: an attempt at its query ({@code executing}) or the drawing of its
     * chart ({@code charting}, its answer written and kept); a deep analysis's with where it stands.
     */
    record ActiveRun(
            UUID runId,
            @Nullable UUID stepId,
            UUID conversationId,
            String tenantId,
            String userId,
            Plan plan,
            int attempt,
            String status,
            @Nullable WrittenAnswer answer,
            @Nullable DeepRun deep) {}

    /** An answer written while its chart is drawn: everything {@code AnswerCompleted} carries but the figure. */
    record WrittenAnswer(
            String summary,
            ResultTable result,
            ChartSpec chart,
            List<String> followUps,
            @Nullable AnalysisResult analysis) {}
}
