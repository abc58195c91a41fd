package dev.analyst.analytics.budget;

import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.budget.BudgetSet;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Budgets of users and tenants (guarded by the admin key): set, lift and list, each with what the holder
 * spent today and this month. The agent enforces a budget from the moment it reads it, without a restart;
 * a holder whose budget is lifted goes back to the budgets of the agent's configuration.
 */
@RestController
@RequestMapping("/api/analytics/budgets")
class BudgetController {

    /** User and tenant ids as the gateway issues them: no separators, nothing to inject. */
    private static final String ID = "[A-Za-z0-9_.@-]{1,200}";

    private final BudgetTable table;
    private final BudgetPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    BudgetController(BudgetTable table, BudgetPublisher publisher) {
        this.table = table;
        this.publisher = publisher;
    }

    @GetMapping
    Flux<BudgetView> list() {
        return table.all(today());
    }

    @PutMapping("/{kind:users|tenants}/{id}")
    Mono<BudgetView> set(
            @PathVariable String kind,
            @PathVariable @Pattern(regexp = ID) String id,
            @RequestBody @Valid BudgetLimits limits) {
        var budget = new BudgetSet(
                UUID.randomUUID(),
                clock.instant(),
                holder(kind, id),
                BudgetLimits.micros(limits.daily()),
                BudgetLimits.micros(limits.monthly()));
        // Answered from what was sent, since the table learns of it from the topic a moment later.
        return publisher
                .publish(budget)
                .then(table.one(budget.holder(), today())
                        .map(stored -> new BudgetView(
                                budget.holder(),
                                limits.daily(),
                                limits.monthly(),
                                stored.spentToday(),
                                stored.spentThisMonth(),
                                budget.occurredAt()))
                        .defaultIfEmpty(new BudgetView(
                                budget.holder(),
                                limits.daily(),
                                limits.monthly(),
                                BigDecimal.ZERO,
                                BigDecimal.ZERO,
                                budget.occurredAt())));
    }

    @DeleteMapping("/{kind:users|tenants}/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> lift(@PathVariable String kind, @PathVariable @Pattern(regexp = ID) String id) {
        return publisher.lift(holder(kind, id));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static String holder(String kind, String id) {
        return kind.equals("users") ? BudgetEvent.user(id) : BudgetEvent.tenant(id);
    }
}
