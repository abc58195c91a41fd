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

    private final BudgetBook book;
    private final BudgetPublisher publisher;
    private final BudgetSpend spend;
    private final Clock clock = Clock.systemUTC();

    BudgetController(BudgetBook book, BudgetPublisher publisher, BudgetSpend spend) {
        this.book = book;
        this.publisher = publisher;
        this.spend = spend;
    }

    @GetMapping
    Flux<BudgetView> list() {
        return Flux.fromIterable(book.all()).concatMap(this::view);
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
        return publisher.publish(budget).then(view(budget));
    }

    @DeleteMapping("/{kind:users|tenants}/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> lift(@PathVariable String kind, @PathVariable @Pattern(regexp = ID) String id) {
        return publisher.lift(holder(kind, id));
    }

    private Mono<BudgetView> view(BudgetSet budget) {
        return spend.of(budget.holder(), LocalDate.now(clock.withZone(ZoneOffset.UTC)))
                .map(spent -> new BudgetView(
                        budget.holder(),
                        BudgetLimits.dollars(budget.dailyMicros()),
                        BudgetLimits.dollars(budget.monthlyMicros()),
                        BigDecimal.valueOf(spent.todayMicros(), 6),
                        BigDecimal.valueOf(spent.monthMicros(), 6),
                        budget.occurredAt()));
    }

    private static String holder(String kind, String id) {
        return kind.equals("users") ? BudgetEvent.user(id) : BudgetEvent.tenant(id);
    }
}
