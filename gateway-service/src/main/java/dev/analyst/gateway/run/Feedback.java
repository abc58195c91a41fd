package dev.analyst.gateway.run;

import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.outbox.Outbox;
import dev.analyst.gateway.outbox.OutboxRelay;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Records what a user said of an answer, and tells the agent in the same transaction: an answer marked
 * correct becomes an example for the tenant's similar questions. Only the caller's own answered runs
 * can be rated; any other run is not found.
 */
@Service
class Feedback {

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;

    Feedback(DatabaseClient db, TransactionalOperator transactions, Outbox outbox, OutboxRelay relay) {
        this.db = db;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
    }

    Mono<Void> rate(Caller caller, UUID runId, boolean correct) {
        return db.sql("""
                        update runs set correct = :correct
                         where run_id = :runId and tenant_id = :tenant and user_id = :user and status = 'completed'
                        returning conversation_id
                        """)
                .bind("correct", correct)
                .bind("runId", runId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> row.get("conversation_id", UUID.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new RunNotFound(runId)))
                .flatMap(conversationId -> outbox.append(new AnswerRated(
                        UUID.randomUUID(),
                        Instant.now(),
                        runId,
                        conversationId,
                        caller.tenantId(),
                        caller.userId(),
                        correct)))
                .as(transactions::transactional)
                .doOnSuccess(ignored -> relay.wake());
    }
}
