package dev.analyst.gateway.run;

import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.RunFailed;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** The gateway's record of runs: whose they are, and how they ended. */
@Component
class RunLedger {

    private final DatabaseClient db;
    private final TransactionalOperator transactions;

    RunLedger(DatabaseClient db, TransactionalOperator transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    /** The run if it belongs to the tenant; empty otherwise. */
    Mono<RunState> find(UUID runId, String tenantId) {
        return db.sql("select status from runs where run_id = :runId and tenant_id = :tenant")
                .bind("runId", runId)
                .bind("tenant", tenantId)
                .map((row, metadata) -> new RunState(runId, !"running".equals(row.get("status", String.class))))
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
                        """)
                .bind("runId", answer.runId())
                .bind("tenant", answer.tenantId())
                .fetch()
                .rowsUpdated();
        // The conversation comes from the gateway's own run row, never from the event.
        var message = db.sql("""
                        insert into messages (id, conversation_id, run_id, role, content, metadata)
                        select :id, conversation_id, run_id, 'assistant', :content, cast(:metadata as jsonb)
                        from runs where run_id = :runId and tenant_id = :tenant
                        on conflict do nothing
                        """)
                .bind("id", UUID.nameUUIDFromBytes((answer.eventId() + ":assistant-message").getBytes()))
                .bind("content", answer.text())
                .bind("metadata", metadata)
                .bind("runId", answer.runId())
                .bind("tenant", answer.tenantId())
                .fetch()
                .rowsUpdated();
        return finish.then(message).then().as(transactions::transactional);
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

    /** Marks the run failed, with the failure's stable reason code. */
    Mono<Void> failed(RunFailed failure) {
        return db.sql("""
                        update runs set status = 'failed', failure_reason = :reason, finished_at = now()
                        where run_id = :runId and tenant_id = :tenant and status = 'running'
                        """)
                .bind("reason", failure.reason())
                .bind("runId", failure.runId())
                .bind("tenant", failure.tenantId())
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** What a stream needs to know about a run before it starts. */
    record RunState(UUID runId, boolean finished) {}
}
