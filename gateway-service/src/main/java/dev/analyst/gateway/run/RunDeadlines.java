package dev.analyst.gateway.run;

import dev.analyst.contracts.question.RunCancelRequested;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.outbox.Outbox;
import dev.analyst.gateway.outbox.OutboxRelay;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every accepted question ends: a run still running {@code analyst.gateway.run-stream.deadline} after its
 * question was accepted fails as {@code deadline-passed}. The agent ends the runs it started (a lease on
 * each step, reason {@code timed-out}); this is the guard for a question lost before that, or an agent
 * away for longer than anyone waits.
 *
 * <p>The run is marked failed, and its {@code RunFailed} and a {@code RunCancelRequested} (the agent stops
 * spending on a run nobody will see) put in the outbox, in one transaction, so the ending reaches the run's
 * stream (and every other consumer) like the agent's own would. An answer arriving later finds the run
 * ended: the stream takes nothing after an ending, and the run keeps its failure. A fresh instance judges
 * no deadline before it has been up for one, having read what waited in Kafka meanwhile.
 */
@Component
class RunDeadlines implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunDeadlines.class);
    static final String DEADLINE_PASSED = "deadline-passed";
    private static final Duration FASTEST = Duration.ofSeconds(1);
    private static final Duration SLOWEST = Duration.ofSeconds(30);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Duration deadline;
    private final Duration interval;
    private volatile Disposable sweeping = Disposables.disposed();

    RunDeadlines(
            DatabaseClient db,
            TransactionalOperator transactions,
            Outbox outbox,
            OutboxRelay relay,
            GatewayProperties properties) {
        this.db = db;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
        this.deadline = properties.runStream().deadline();
        var tenth = deadline.dividedBy(10);
        this.interval = tenth.compareTo(FASTEST) < 0 ? FASTEST : tenth.compareTo(SLOWEST) > 0 ? SLOWEST : tenth;
    }

    /** Fails the runs past their deadline, a hundred at a time; answers how many. */
    Mono<Long> failOverdueRuns() {
        var message = "No answer came within " + deadline.toMinutes() + " minutes. Please ask again.";
        return db.sql("""
                        update runs set status = 'failed', failure_reason = :reason, finished_at = now()
                         where run_id in (select run_id from runs
                                           where status = 'running'
                                             and created_at < now() - make_interval(secs => :seconds)
                                           order by created_at limit 100 for update skip locked)
                           and status = 'running'
                        returning run_id, conversation_id, tenant_id, user_id
                        """)
                .bind("reason", DEADLINE_PASSED)
                .bind("seconds", deadline.toMillis() / 1000.0)
                .map((row, metadata) -> new Overdue(
                        row.get("run_id", UUID.class),
                        row.get("conversation_id", UUID.class),
                        row.get("tenant_id", String.class),
                        row.get("user_id", String.class)))
                .all()
                .concatMap(run -> outbox.append(new RunFailed(
                                UUID.randomUUID(),
                                Instant.now(),
                                run.runId(),
                                run.conversationId(),
                                run.tenantId(),
                                DEADLINE_PASSED,
                                message))
                        .then(outbox.append(new RunCancelRequested(
                                UUID.randomUUID(),
                                Instant.now(),
                                run.runId(),
                                run.conversationId(),
                                run.tenantId(),
                                run.userId())))
                        .thenReturn(run))
                .as(transactions::transactional)
                .doOnNext(run -> log.warn("Run {} failed: no ending within {}", run.runId(), deadline))
                .count()
                .doOnSuccess(failed -> {
                    if (failed != null && failed > 0) {
                        relay.wake();
                    }
                });
    }

    private record Overdue(UUID runId, UUID conversationId, String tenantId, String userId) {}

    @Override
    public void start() {
        // The first sweep after a deadline's time: what waited in Kafka while this instance was down first.
        sweeping = Flux.interval(deadline, interval)
                .onBackpressureDrop()
                .concatMap(
                        tick -> failOverdueRuns().onErrorResume(error -> {
                            // The database may be away for a while: the next tick tries again.
                            log.warn("Failing runs past their deadline failed, retrying: {}", error.toString());
                            return Mono.just(0L);
                        }),
                        1)
                .subscribe();
    }

    @Override
    public void stop() {
        sweeping.dispose();
    }

    @Override
    public boolean isRunning() {
        return !sweeping.isDisposed();
    }
}
