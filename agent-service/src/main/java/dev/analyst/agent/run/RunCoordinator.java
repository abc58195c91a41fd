package dev.analyst.agent.run;

import dev.analyst.agent.AgentProperties;
import dev.analyst.agent.catalog.DatasetCatalog;
import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.agent.outbox.Outbox;
import dev.analyst.agent.outbox.OutboxRelay;
import dev.analyst.agent.plan.ChartDesigner;
import dev.analyst.agent.plan.Decision;
import dev.analyst.agent.plan.Plan;
import dev.analyst.agent.plan.QuestionPlanner;
import dev.analyst.agent.plan.Summariser;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ChartDesigned;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.ResultProduced;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.RunStarted;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.contracts.usage.ModelCalled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A run's state machine. Each incoming event is handled once: its id is recorded in the same
 * transaction as the run's new state and the events that announce it, so a redelivery changes nothing
 * and a crash loses nothing. Derived events get ids derived from the incoming one, so even a handler
 * that runs twice would publish the same ids.
 */
@Component
public class RunCoordinator {

    static final String BUILT_IN = "builtin";

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final DatasetCatalog catalog;
    private final QuestionPlanner planner;
    private final Summariser summariser;
    private final ChartDesigner chartDesigner;
    private final EventCodec codec;
    private final AgentProperties properties;
    private final Clock clock = Clock.systemUTC();

    RunCoordinator(
            DatabaseClient database,
            TransactionalOperator transactions,
            Outbox outbox,
            OutboxRelay relay,
            DatasetCatalog catalog,
            QuestionPlanner planner,
            Summariser summariser,
            ChartDesigner chartDesigner,
            EventCodec codec,
            AgentProperties properties) {
        this.database = database;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
        this.catalog = catalog;
        this.planner = planner;
        this.summariser = summariser;
        this.chartDesigner = chartDesigner;
        this.codec = codec;
        this.properties = properties;
    }

    public Mono<Void> onQuestion(QuestionAsked question) {
        return once(question.eventId(), Mono.defer(() -> start(question)));
    }

    public Mono<Void> onStepResult(StepResult result) {
        return once(result.eventId(), Mono.defer(() -> finish(result)));
    }

    private Mono<Void> start(QuestionAsked question) {
        return previousQuestion(question)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(previous -> start(question, previous.orElse(null)));
    }

    /**
     * The question the caller's previous planned turn in this conversation was read as, for a
     * follow-up to be read against.
     */
    private Mono<String> previousQuestion(QuestionAsked question) {
        return database.sql("""
                        SELECT question, plan FROM run
                         WHERE conversation_id = :conversationId AND tenant_id = :tenantId AND user_id = :userId
                           AND run_id <> :runId AND plan IS NOT NULL
                         ORDER BY created_at DESC LIMIT 1""")
                .bind("conversationId", question.conversationId())
                .bind("tenantId", question.tenantId())
                .bind("userId", question.userId())
                .bind("runId", question.runId())
                .map(row -> {
                    var plan = codec.read(row.get("plan", String.class), Plan.class);
                    // Plans stored before they carried the question read as the question asked.
                    return plan.question() != null ? plan.question() : row.get("question", String.class);
                })
                .one()
                // A previous turn that cannot be read makes this one a first question, not a failure.
                .onErrorResume(RuntimeException.class, e -> Mono.empty());
    }

    private Mono<Void> start(QuestionAsked question, @Nullable String previous) {
        var ids = new DerivedIds(question.eventId());
        var now = Instant.now(clock);
        var runId = question.runId();
        var events = new ArrayList<Event>();
        events.add(new RunStarted(
                ids.next(), now, runId, question.conversationId(), question.tenantId(), question.question()));
        events.add(new ProgressReported(ids.next(), now, runId, "plan", "Reading the question against your data"));

        var timed = timed(() -> planner.plan(
                question.question(), question.dataset(), catalog.visibleTo(question.tenantId()), previous));
        var decision = timed.value();
        var caller = new Caller(runId, question.tenantId(), question.userId());
        events.add(usage(ids.next(), caller, "plan", question.question(), decision.toString(), timed.millis()));

        String status;
        UUID stepId = null;
        String planJson = null;
        switch (decision) {
            case Decision.Planned planned -> {
                var plan = planned.plan();
                if (!plan.question().equals(question.question())) {
                    events.add(new ProgressReported(
                            ids.next(), now, runId, "plan", "Read as a follow-up: " + plan.question()));
                }
                stepId = ids.next();
                status = "executing";
                planJson = codec.writeValue(plan);
                events.add(new SqlGenerated(ids.next(), now, runId, plan.datasetId(), plan.dataset(), 1, plan.sql()));
                events.add(new ProgressReported(
                        ids.next(), now, runId, "execute", "Running the query on " + plan.dataset()));
                events.add(new StepRequested(
                        ids.next(),
                        now,
                        runId,
                        stepId,
                        question.tenantId(),
                        plan.datasetId(),
                        1,
                        plan.sql(),
                        properties.rowLimit()));
            }
            case Decision.NotUnderstood notUnderstood -> {
                status = "failed";
                var message = notUnderstood.message()
                        + (notUnderstood.suggestions().isEmpty()
                                ? ""
                                : " You could ask: " + String.join(" / ", notUnderstood.suggestions()));
                events.add(failed(ids.next(), question, "not-understood", message));
            }
            case Decision.NoDataset noDataset -> {
                status = "failed";
                events.add(failed(ids.next(), question, "no-dataset", noDataset.message()));
            }
        }
        var insert = database.sql("""
                        INSERT INTO run (run_id, conversation_id, tenant_id, user_id, question, status, step_id, plan)
                        VALUES (:runId, :conversationId, :tenantId, :userId, :question, :status, :stepId, :plan)
                        ON CONFLICT (run_id) DO NOTHING""")
                .bind("runId", runId)
                .bind("conversationId", question.conversationId())
                .bind("tenantId", question.tenantId())
                .bind("userId", question.userId())
                .bind("question", question.question())
                .bind("status", status);
        insert = stepId == null ? insert.bindNull("stepId", UUID.class) : insert.bind("stepId", stepId);
        insert = planJson == null ? insert.bindNull("plan", String.class) : insert.bind("plan", planJson);
        return insert.then().then(outbox.append(events));
    }

    private Mono<Void> finish(StepResult result) {
        return database.sql("""
                        SELECT conversation_id, tenant_id, user_id, question, plan FROM run
                         WHERE run_id = :runId AND step_id = :stepId AND status = 'executing'
                           FOR UPDATE""")
                .bind("runId", result.runId())
                .bind("stepId", result.stepId())
                .map(row -> new ActiveRun(
                        result.runId(),
                        row.get("conversation_id", UUID.class),
                        row.get("tenant_id", String.class),
                        row.get("user_id", String.class),
                        row.get("question", String.class),
                        codec.read(row.get("plan", String.class), Plan.class)))
                .one()
                // A result for a run that moved on (a duplicate, or a late attempt) changes nothing.
                .flatMap(run -> {
                    var ids = new DerivedIds(result.eventId());
                    var events = switch (result) {
                        case StepSucceeded succeeded -> answered(ids, run, succeeded);
                        case StepFailed stepFailed ->
                            List.<Event>of(new RunFailed(
                                    ids.next(),
                                    Instant.now(clock),
                                    run.runId(),
                                    run.conversationId(),
                                    run.tenantId(),
                                    "step-failed",
                                    "The query could not run: " + stepFailed.message()));
                    };
                    var status = result instanceof StepSucceeded ? "answered" : "failed";
                    return database.sql("UPDATE run SET status = :status, updated_at = now() WHERE run_id = :runId")
                            .bind("status", status)
                            .bind("runId", run.runId())
                            .then()
                            .then(outbox.append(events));
                });
    }

    private List<Event> answered(DerivedIds ids, ActiveRun run, StepSucceeded succeeded) {
        var now = Instant.now(clock);
        var table = succeeded.result();
        var summary = timed(() -> summariser.summarise(run.question(), run.plan(), table));
        var chart = timed(() -> chartDesigner.design(run.plan(), table));
        var caller = new Caller(run.runId(), run.tenantId(), run.userId());
        return List.of(
                new ResultProduced(ids.next(), now, run.runId(), table),
                new ProgressReported(ids.next(), now, run.runId(), "summarise", "Writing the answer"),
                usage(ids.next(), caller, "summarise", run.question(), summary.value(), summary.millis()),
                new SummaryWritten(ids.next(), now, run.runId(), summary.value()),
                usage(
                        ids.next(),
                        caller,
                        "chart",
                        run.plan().sql(),
                        chart.value().toString(),
                        chart.millis()),
                new ChartDesigned(ids.next(), now, run.runId(), chart.value()),
                new AnswerCompleted(
                        ids.next(),
                        now,
                        run.runId(),
                        run.conversationId(),
                        run.tenantId(),
                        summary.value(),
                        run.plan().sql(),
                        table,
                        chart.value()));
    }

    private RunFailed failed(UUID eventId, QuestionAsked question, String reason, String message) {
        return new RunFailed(
                eventId,
                Instant.now(clock),
                question.runId(),
                question.conversationId(),
                question.tenantId(),
                reason,
                message);
    }

    /**
     * The built-in model is metered like any other, so usage totals always equal the calls made; its
     * token counts are estimates (four characters a token) and it costs nothing.
     */
    private ModelCalled usage(UUID eventId, Caller caller, String stage, String input, String output, long millis) {
        return new ModelCalled(
                eventId,
                Instant.now(clock),
                caller.runId(),
                caller.tenantId(),
                caller.userId(),
                BUILT_IN,
                BUILT_IN,
                stage,
                estimateTokens(input),
                estimateTokens(output),
                0,
                millis,
                true);
    }

    static long estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }

    /** Runs the effect unless the event was handled before, in one transaction with its record. */
    private Mono<Void> once(UUID eventId, Mono<Void> effect) {
        return database.sql("INSERT INTO processed_event (event_id) VALUES (:id) ON CONFLICT DO NOTHING")
                .bind("id", eventId)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? effect : Mono.<Void>empty())
                .as(transactions::transactional)
                .doOnSuccess(ignored -> relay.wakeUp());
    }

    private static <T> Timed<T> timed(Supplier<T> work) {
        var started = System.nanoTime();
        var value = work.get();
        return new Timed<>(value, (System.nanoTime() - started) / 1_000_000);
    }

    private record Timed<T>(T value, long millis) {}

    /** Whom a model call is metered against. */
    private record Caller(UUID runId, String tenantId, String userId) {}

    private record ActiveRun(
            UUID runId, UUID conversationId, String tenantId, String userId, String question, Plan plan) {}

    /** Ids that are the same every time the same input event is handled. */
    private static final class DerivedIds {
        private final UUID source;
        private int next;

        DerivedIds(UUID source) {
            this.source = source;
        }

        UUID next() {
            return UUID.nameUUIDFromBytes((source + ":" + next++).getBytes(StandardCharsets.UTF_8));
        }
    }
}
