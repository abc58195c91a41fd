package dev.analyst.gateway.run;

import dev.analyst.contracts.question.RunCancelRequested;
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
 * Asks the agent to stop one of the caller's runs. The run ends when the agent's {@code RunFailed}
 * {@code cancelled} comes back through the run's stream, like any other ending, so every client following
 * it sees the same end, and the answer's parts published so far are kept as the assistant's message.
 */
@Service
class Cancellation {

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;

    Cancellation(DatabaseClient db, TransactionalOperator transactions, Outbox outbox, OutboxRelay relay) {
        this.db = db;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** Emits whether the request went out: false for a run that has already ended. */
    Mono<Boolean> cancel(Caller caller, UUID runId) {
        return db.sql("""
                        select conversation_id, status from runs
                         where run_id = :runId and tenant_id = :tenant and user_id = :user
                        """)
                .bind("runId", runId)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> new Owned(
                        row.get("conversation_id", UUID.class), "running".equals(row.get("status", String.class))))
                .one()
                .switchIfEmpty(Mono.error(() -> new RunNotFound(runId)))
                .flatMap(run -> run.running()
                        ? outbox.append(new RunCancelRequested(
                                        UUID.randomUUID(),
                                        Instant.now(),
                                        runId,
                                        run.conversationId(),
                                        caller.tenantId(),
                                        caller.userId()))
                                .thenReturn(true)
                        : Mono.just(false))
                .as(transactions::transactional)
                .doOnSuccess(sent -> {
                    if (Boolean.TRUE.equals(sent)) {
                        relay.wake();
                    }
                });
    }

    private record Owned(UUID conversationId, boolean running) {}
}
