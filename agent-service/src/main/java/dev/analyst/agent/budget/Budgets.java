package dev.analyst.agent.budget;

import dev.analyst.agent.budget.BudgetLedger.Admission;
import dev.analyst.agent.budget.BudgetLedger.Used;
import dev.analyst.agent.budget.BudgetProperties.Limits;
import dev.analyst.contracts.usage.PriceList;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Holds hosted model calls to the daily and monthly budgets of their user and tenant. Before a stage,
 * {@link #standing} tells whether to use the economy model; before every call, {@link #admit} admits it
 * only while every budget has room and holds its estimated cost; after it, the hold is replaced by what
 * the call cost, priced with the same list analytics bills with. So a budget is overrun by at most the
 * last call it admitted.
 */
@Component
public class Budgets implements Spending {

    /** How often a call waiting for room held by calls in flight asks again. */
    private static final Duration HOLD_POLL = Duration.ofMillis(100);

    /** Beyond the wait for room, how long the database may take to admit a call. */
    private static final Duration ADMISSION_PATIENCE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Budgets.class);

    private final BudgetProperties properties;
    private final PriceList prices;
    private final BudgetLedger ledger;
    private final BudgetBook book;
    private final MeterRegistry meters;
    private final Clock clock;

    @Autowired
    Budgets(BudgetProperties properties, PriceList prices, BudgetLedger ledger, BudgetBook book, MeterRegistry meters) {
        this(properties, prices, ledger, book, meters, Clock.systemUTC());
    }

    Budgets(
            BudgetProperties properties,
            PriceList prices,
            BudgetLedger ledger,
            BudgetBook book,
            MeterRegistry meters,
            Clock clock) {
        this.properties = properties;
        this.prices = prices;
        this.ledger = ledger;
        this.book = book;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Whether a stage for this user may use its own models or should economise.
     *
     * @throws BudgetExhausted when a budget has no room left at all
     */
    public Standing standing(String tenantId, String userId) {
        var budgets = budgets(tenantId, userId, clock.instant());
        if (budgets.isEmpty()) {
            return Standing.WITHIN;
        }
        @Nullable Budget near = null;
        var used = ledger.used(tenantId, userId, budgets, properties.holdFor());
        for (var budget : budgets) {
            var spent = used.get(budget);
            if (spent.spentMicros() >= budget.limitMicros()) {
                throw refused(budget, spent);
            }
            if (near == null && spent.total() >= properties.economyShare() * budget.limitMicros()) {
                near = budget;
            }
        }
        if (near == null) {
            return Standing.WITHIN;
        }
        decided("economised", near);
        return Standing.NEAR;
    }

    /**
     * What a run's calls are expected to cost, at typical sizes, and the room the tightest of the
     * user's and tenant's budgets has left: shown to the person asking before the run starts.
     */
    public String foresee(String tenantId, String userId, List<PlannedCall> calls) {
        var micros = calls.stream()
                .mapToLong(call -> prices.price(
                                call.provider(),
                                call.model(),
                                properties.typicalInputTokens(),
                                properties.typicalOutputTokens(),
                                0)
                        .costMicros())
                .sum();
        var models = calls.stream()
                .map(call -> call.provider() + "/" + call.model())
                .distinct()
                .collect(java.util.stream.Collectors.joining(", "));
        var text = "Expected cost: about " + Budget.dollars(micros) + " for " + calls.size() + " model calls (" + models
                + ")";
        var budgets = budgets(tenantId, userId, clock.instant());
        if (budgets.isEmpty()) {
            return text + ".";
        }
        var used = ledger.used(tenantId, userId, budgets, properties.holdFor());
        var tightest = budgets.stream()
                .min(java.util.Comparator.comparingLong(
                        budget -> budget.limitMicros() - used.get(budget).total()))
                .orElseThrow();
        var left = Math.max(0, tightest.limitMicros() - used.get(tightest).total());
        return text + "; " + Budget.dollars(left) + " left of " + tightest.owner() + " "
                + (tightest.isDaily() ? "daily" : "monthly") + " budget.";
    }

    /** One model call a run expects to make. */
    public record PlannedCall(String provider, String model) {}

    @Override
    public Hold admit(String tenantId, String userId, String provider, String model, long promptCharacters) {
        var now = clock.instant();
        var budgets = budgets(tenantId, userId, now);
        var estimate = prices.price(provider, model, (promptCharacters + 3) / 4, properties.expectedOutputTokens(), 0);
        if (!estimate.priced()) {
            log.warn(
                    "Model {}/{} has no price: its calls cannot count against budgets (analyst.prices)",
                    provider,
                    model);
        }
        @Nullable UUID holdId = budgets.isEmpty() ? null : hold(tenantId, userId, budgets, estimate.costMicros());
        var hold = holdId;
        var holders = List.of(Budget.user(userId), Budget.tenant(tenantId));
        var periods = List.of(Budget.day(now), Budget.month(now));
        return call -> {
            var cost = prices.price(provider, model, call.inputTokens(), call.outputTokens(), call.cachedInputTokens());
            ledger.settle(hold, holders, periods, cost.costMicros(), call);
        };
    }

    /**
     * Holds the estimate once every budget has room. While the room left is held by calls in flight, the
     * admission is asked again every {@link #HOLD_POLL} on Reactor's timer: once they report, what they
     * really cost (usually far less than held) decides whether this call fits.
     *
     * @throws BudgetExhausted when a budget is spent, or its room is still held after {@code hold-wait}
     */
    private UUID hold(String tenantId, String userId, List<Budget> budgets, long estimateMicros) {
        var attempts = Math.max(1, properties.holdWait().dividedBy(HOLD_POLL));
        var held = Mono.defer(() -> ledger.admit(tenantId, userId, budgets, estimateMicros, properties.holdFor()))
                .flatMap(admission -> switch (admission) {
                    case Admission.Held admitted -> Mono.just(admitted.holdId());
                    case Admission.Refused refused
                    when refused.used().spentMicros() >= refused.budget().limitMicros() ->
                        Mono.error(refused(refused.budget(), refused.used()));
                    case Admission.Refused refused -> Mono.error(new RoomHeld(refused));
                })
                .retryWhen(Retry.fixedDelay(attempts, HOLD_POLL)
                        .filter(RoomHeld.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> {
                            var refused = ((RoomHeld) signal.failure()).refused;
                            return refused(refused.budget(), refused.used());
                        }))
                .block(properties.holdWait().plus(ADMISSION_PATIENCE));
        return java.util.Objects.requireNonNull(held);
    }

    /** A budget's room is held by calls in flight: worth asking again once they report. */
    private static final class RoomHeld extends RuntimeException {

        private final Admission.Refused refused;

        RoomHeld(Admission.Refused refused) {
            super(null, null, false, false);
            this.refused = refused;
        }
    }

    private BudgetExhausted refused(Budget budget, Used used) {
        decided("refused", budget);
        return new BudgetExhausted(budget.exhausted(used.spentMicros()));
    }

    /** Counts budget decisions by kind of holder and period only: no user or tenant id reaches Prometheus. */
    private void decided(String decision, Budget budget) {
        Counter.builder("analyst.budget.decisions")
                .description("Model calls moved to the economy model or refused by a budget")
                .tags(
                        "decision", decision,
                        "holder", budget.isUsers() ? "user" : "tenant",
                        "period", budget.isDaily() ? "day" : "month")
                .register(meters)
                .increment();
    }

    /**
     * The limits that apply to this user and tenant now, an administrator's first, configuration's
     * otherwise; none when neither has one.
     */
    private List<Budget> budgets(String tenantId, String userId, Instant now) {
        var budgets = new ArrayList<Budget>();
        var user = Budget.user(userId);
        var tenant = Budget.tenant(tenantId);
        add(budgets, user, book.of(user).orElseGet(() -> properties.forUser(userId)), now);
        add(budgets, tenant, book.of(tenant).orElseGet(() -> properties.forTenant(tenantId)), now);
        return budgets;
    }

    private static void add(List<Budget> budgets, String holder, Limits limits, Instant now) {
        if (limits.daily() != null) {
            budgets.add(new Budget(holder, Budget.day(now), Budget.micros(limits.daily())));
        }
        if (limits.monthly() != null) {
            budgets.add(new Budget(holder, Budget.month(now), Budget.micros(limits.monthly())));
        }
    }
}
