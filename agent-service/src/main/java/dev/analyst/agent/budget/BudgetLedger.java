package dev.analyst.agent.budget;

import dev.analyst.agent.outbox.Outbox;
import dev.analyst.agent.outbox.OutboxRelay;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Spend and holds in the agent's own PostgreSQL schema. Admission locks the rows of the budgets a call
 * falls under (in one order, so two admissions never deadlock), so two calls of one tenant are admitted
 * one after the other and each sees what the other holds.
 */
@Component
class BudgetLedger {

    /** Stages run on worker threads, never on an event loop: waiting here blocks only the run. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final OutboxRelay relay;

    BudgetLedger(DatabaseClient database, TransactionalOperator transactions, Outbox outbox, OutboxRelay relay) {
        this.database = database;
        this.transactions = transactions;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** What each budget has spent and what calls in flight hold against it, read without locking. */
    Map<Budget, Used> used(String tenantId, String userId, List<Budget> budgets, Duration holdFor) {
        return read(tenantId, userId, budgets, holdFor, false).block(PATIENCE);
    }

    /**
     * Holds {@code estimateMicros} for a call when every budget has room, that is, when what it spent
     * and holds is below its limit; the last call admitted may overrun a budget by what it costs, no
     * call after it can.
     *
     * @return the hold, or the first budget without room and what it spent and holds
     */
    Mono<Admission> admit(String tenantId, String userId, List<Budget> budgets, long estimateMicros, Duration holdFor) {
        var sorted = budgets.stream()
                .sorted(java.util.Comparator.comparing(Budget::holder).thenComparing(Budget::period))
                .toList();
        return ensureRows(sorted)
                .then(read(tenantId, userId, sorted, holdFor, true))
                .flatMap(used -> {
                    for (var budget : sorted) {
                        var spent = used.get(budget);
                        if (spent.total() >= budget.limitMicros()) {
                            return Mono.just((Admission) new Admission.Refused(budget, spent));
                        }
                    }
                    var holdId = UUID.randomUUID();
                    return database.sql("""
                                    INSERT INTO budget_hold (hold_id, tenant_id, user_id, amount_micros)
                                    VALUES (:holdId, :tenantId, :userId, :amount)""")
                            .bind("holdId", holdId)
                            .bind("tenantId", tenantId)
                            .bind("userId", userId)
                            .bind("amount", estimateMicros)
                            .fetch()
                            .rowsUpdated()
                            .thenReturn((Admission) new Admission.Held(holdId));
                })
                .as(transactions::transactional);
    }

    /**
     * Replaces a call's hold by what it cost, in one statement: the hold goes and the cost is added to
     * every budget period of its user and tenant (whether or not they have a limit today, so a limit
     * set later sees what was spent before it). The call's usage goes into the outbox in the same
     * transaction, for the ledger: both see every call, or neither.
     */
    void settle(@Nullable UUID holdId, List<String> holders, List<String> periods, long costMicros, ModelCalled usage) {
        var spend = holdId != null || costMicros > 0 ? spend(holdId, holders, periods, costMicros) : Mono.just(0L);
        spend.then(outbox.append(List.of(usage)))
                .as(transactions::transactional)
                .doOnSuccess(ignored -> relay.wakeUp())
                .block(PATIENCE);
    }

    private Mono<Long> spend(@Nullable UUID holdId, List<String> holders, List<String> periods, long costMicros) {
        var values = new ArrayList<String>();
        var binds = new HashMap<String, Object>();
        for (var holder : holders) {
            for (var period : periods) {
                var i = values.size();
                values.add("(:h" + i + ", :p" + i + ", :cost)");
                binds.put("h" + i, holder);
                binds.put("p" + i, period);
            }
        }
        var spec = database.sql("WITH released AS (DELETE FROM budget_hold WHERE hold_id = :holdId)"
                        + " INSERT INTO budget_spend (holder, period, spent_micros) VALUES " + String.join(", ", values)
                        + " ON CONFLICT (holder, period) DO UPDATE"
                        + " SET spent_micros = budget_spend.spent_micros + excluded.spent_micros")
                .bind("cost", costMicros);
        spec = holdId == null ? spec.bindNull("holdId", UUID.class) : spec.bind("holdId", holdId);
        for (var bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec.fetch().rowsUpdated();
    }

    private Mono<Long> ensureRows(List<Budget> sorted) {
        var values = new ArrayList<String>();
        for (var i = 0; i < sorted.size(); i++) {
            values.add("(:h" + i + ", :p" + i + ")");
        }
        var spec = database.sql("INSERT INTO budget_spend (holder, period) VALUES " + String.join(", ", values)
                + " ON CONFLICT DO NOTHING");
        for (var i = 0; i < sorted.size(); i++) {
            spec = spec.bind("h" + i, sorted.get(i).holder())
                    .bind("p" + i, sorted.get(i).period());
        }
        return spec.fetch().rowsUpdated();
    }

    private Mono<Map<Budget, Used>> read(
            String tenantId, String userId, List<Budget> budgets, Duration holdFor, boolean lock) {
        var keys = new ArrayList<String>();
        for (var i = 0; i < budgets.size(); i++) {
            keys.add("(:h" + i + ", :p" + i + ")");
        }
        var spentSpec = database.sql("SELECT holder, period, spent_micros FROM budget_spend WHERE (holder, period) IN ("
                + String.join(", ", keys) + ") ORDER BY holder, period" + (lock ? " FOR UPDATE" : ""));
        for (var i = 0; i < budgets.size(); i++) {
            spentSpec = spentSpec
                    .bind("h" + i, budgets.get(i).holder())
                    .bind("p" + i, budgets.get(i).period());
        }
        var spent = spentSpec
                .map(row -> Map.entry(
                        row.get("holder", String.class) + " " + row.get("period", String.class),
                        row.get("spent_micros", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        var held = database.sql("""
                        SELECT coalesce(sum(amount_micros) FILTER (WHERE user_id = :userId), 0)::bigint AS user_held,
                               coalesce(sum(amount_micros), 0)::bigint AS tenant_held
                          FROM budget_hold
                         WHERE tenant_id = :tenantId AND held_at > now() - make_interval(secs => :holdFor)""")
                .bind("userId", userId)
                .bind("tenantId", tenantId)
                .bind("holdFor", (double) holdFor.toSeconds())
                .map(row -> new long[] {row.get("user_held", Long.class), row.get("tenant_held", Long.class)})
                .one();
        return spent.zipWith(held).map(both -> {
            var used = new HashMap<Budget, Used>();
            for (var budget : budgets) {
                var spentMicros = both.getT1().getOrDefault(budget.holder() + " " + budget.period(), 0L);
                used.put(budget, new Used(spentMicros, budget.isUsers() ? both.getT2()[0] : both.getT2()[1]));
            }
            return Map.copyOf(used);
        });
    }

    /** What a budget has spent and what calls in flight hold against it, in micro-dollars. */
    record Used(long spentMicros, long heldMicros) {

        long total() {
            return spentMicros + heldMicros;
        }
    }

    /** Whether a call was admitted. */
    sealed interface Admission {

        record Held(UUID holdId) implements Admission {}

        record Refused(Budget budget, Used used) implements Admission {}
    }
}
