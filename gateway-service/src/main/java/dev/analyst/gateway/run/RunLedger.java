package dev.analyst.gateway.run;

import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.RunFailed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The gateway's record of runs: whose they are, and how they ended. */
@Component
class RunLedger {

    /** How long the run took, from the question accepted to its end relayed, in the database's clock. */
    private static final String RETURNING_SECONDS =
            "returning cast(extract(epoch from finished_at - created_at) as double precision) as seconds";

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final MeterRegistry meters;

    RunLedger(DatabaseClient db, TransactionalOperator transactions, MeterRegistry meters) {
        this.db = db;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Times a question end to end, once per run: only the event that finishes a running run has a row
     * back, so a redelivered terminal event times nothing.
     */
    private void took(String outcome, double seconds) {
        Timer.builder("analyst.question.duration")
                .description("Questions from accepted to the run's terminal event relayed, by outcome")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters)
                .record(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    /** The run if it is the user's in the tenant (runs belong to their conversations' users); empty otherwise. */
    Mono<RunState> find(UUID runId, String tenantId, String userId) {
        return db.sql("""
                        select conversation_id, status from runs
                         where run_id = :runId and tenant_id = :tenant and user_id = :user""")
                .bind("runId", runId)
                .bind("tenant", tenantId)
                .bind("user", userId)
                .map((row, metadata) ->
                        new RunState(runId, row.get("conversation_id", UUID.class), row.get("status", String.class)))
                .one();
    }

    /**
     * Marks the run completed and stores the answer as the assistant's message. Both are idempotent:
     * a redelivered event finds the run finished and the message already there.
     *
     * @param metadata JSON with the answer's sql, result and chart
     */
    Mono<Void> answered(AnswerCompleted answer, String metadata) {
        var finish = db.sql("""
                        update runs set status = 'completed', finished_at = now()
                        where run_id = :runId and tenant_id = :tenant and status = 'running'
                        """ + RETURNING_SECONDS)
                .bind("runId", answer.runId())
                .bind("tenant", answer.tenantId())
                .map(row -> row.get("seconds", Double.class))
                .one();
        var message = assistantMessage(
                answer.eventId(), answer.runId(), answer.tenantId(), answer.text(), metadata, "status = 'completed'");
        // A redelivered event finds the run finished (no row back), and stores no second message; an answer
        // arriving after the run failed (past its deadline, say) stores none: the run keeps its ending.
        return finish.singleOptional()
                .flatMap(seconds -> message.thenReturn(seconds))
                .as(transactions::transactional)
                .doOnNext(seconds -> seconds.ifPresent(took -> took("answered", took)))
                .then();
    }

    /** Records the dataset the run's latest SQL ran against (a retried attempt may change it). */
    Mono<Void> queried(UUID runId, UUID datasetId) {
        return db.sql("update runs set dataset_id = :datasetId where run_id = :runId")
                .bind("datasetId", datasetId)
                .bind("runId", runId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Records the plan of the run's latest attempt (a retried attempt may plan again). */
    Mono<Void> planned(UUID runId, String plan) {
        return db.sql("update runs set plan = cast(:plan as jsonb) where run_id = :runId")
                .bind("plan", plan)
                .bind("runId", runId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Marks the run failed, with the failure's stable reason code. */
    Mono<Void> failed(RunFailed failure) {
        return markFailed(failure).doOnNext(seconds -> took("failed", seconds)).then();
    }

    /**
     * Marks the run failed as {@code cancelled} and keeps what it had produced as the assistant's message,
     * flagged partial; idempotent like {@link #answered}.
     *
     * @param metadata JSON with the sql, result and chart published before the run stopped
     */
    Mono<Void> cancelled(RunFailed failure, String content, String metadata) {
        var message = assistantMessage(
                failure.eventId(),
                failure.runId(),
                failure.tenantId(),
                content,
                metadata,
                "failure_reason = 'cancelled'");
        return markFailed(failure)
                .singleOptional()
                .flatMap(seconds -> message.thenReturn(seconds))
                .as(transactions::transactional)
                .doOnNext(seconds -> seconds.ifPresent(took -> took("cancelled", took)))
                .then();
    }

    private Mono<Double> markFailed(RunFailed failure) {
        return db.sql("""
                        update runs set status = 'failed', failure_reason = :reason, finished_at = now()
                        where run_id = :runId and tenant_id = :tenant and status = 'running'
                        """ + RETURNING_SECONDS)
                .bind("reason", failure.reason())
                .bind("runId", failure.runId())
                .bind("tenant", failure.tenantId())
                .map(row -> row.get("seconds", Double.class))
                .one();
    }

    /**
     * The run's assistant message, once per ending event however often it is delivered, and only for the
     * ending the run has: its answer when it completed, what it had when its user stopped it.
     *
     * @param endedAs the SQL condition (a constant) the run's row meets when it ended this way
     */
    private Mono<Long> assistantMessage(
            UUID eventId, UUID runId, String tenantId, String content, String metadata, String endedAs) {
        // The conversation comes from the gateway's own run row, never from the event.
        return db.sql("""
                        insert into messages (id, conversation_id, run_id, role, content, metadata)
                        select :id, conversation_id, run_id, 'assistant', :content,
                               cast(:metadata as jsonb)
                               || case when dataset_id is null then '{}'::jsonb
                                       else jsonb_build_object('datasetId', dataset_id) end
                               || case when plan is null then '{}'::jsonb else jsonb_build_object('plan', plan) end
                        from runs where run_id = :runId and tenant_id = :tenant
                        """
                        // Concatenated, not in the text block: a text block drops the space before its end.
                        + " and " + endedAs + " on conflict do nothing")
                .bind("id", UUID.nameUUIDFromBytes((eventId + ":assistant-message").getBytes()))
                .bind("content", content)
                .bind("metadata", metadata)
                .bind("runId", runId)
                .bind("tenant", tenantId)
                .fetch()
                .rowsUpdated();
    }

    /**
     * What a stream needs to know about a run before it starts.
     *
     * @param conversationId null only for a run just started, whose stream is followed from its start
     * @param status running, completed or failed
     */
    record RunState(UUID runId, @Nullable UUID conversationId, String status) {

        static RunState running(UUID runId) {
            return new RunState(runId, null, "running");
        }

        boolean finished() {
            return !"running".equals(status);
        }
    }
}
