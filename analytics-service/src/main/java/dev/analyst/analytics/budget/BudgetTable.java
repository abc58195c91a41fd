package dev.analyst.analytics.budget;

import dev.analyst.contracts.budget.BudgetSet;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The budgets set, projected from the budgets topic into the {@code budget} table, and each one's spend
 * from the ledger's daily rollup. Writing the latest record of a holder again changes nothing, so the
 * topic is simply read again from the start at every start.
 */
@Component
class BudgetTable {

    /** Spend of a budget's holder today and this month (UTC), from the rollup; the Grafana panel runs the same. */
    private static final String WITH_SPEND = """
            SELECT b.holder, b.daily_micros, b.monthly_micros, b.set_at,
                   coalesce(sum(u.cost_micros) FILTER (WHERE u.day = :today), 0)::bigint AS spent_today,
                   coalesce(sum(u.cost_micros), 0)::bigint AS spent_this_month
              FROM budget b
              LEFT JOIN daily_usage u
                ON u.day BETWEEN :monthStart AND :today
               AND (b.holder_kind = 'user' AND u.user_id = b.holder_id
                    OR b.holder_kind = 'tenant' AND u.tenant_id = b.holder_id)
            """;

    private final DatabaseClient database;

    BudgetTable(DatabaseClient database) {
        this.database = database;
    }

    Mono<Void> set(BudgetSet budget) {
        var separator = budget.holder().indexOf(':');
        var spec = database.sql("""
                        INSERT INTO budget (holder, holder_kind, holder_id, daily_micros, monthly_micros, set_at)
                        VALUES (:holder, :kind, :id, :daily, :monthly, :setAt)
                        ON CONFLICT (holder) DO UPDATE
                           SET daily_micros = excluded.daily_micros, monthly_micros = excluded.monthly_micros,
                               set_at = excluded.set_at""")
                .bind("holder", budget.holder())
                .bind("kind", budget.holder().substring(0, separator))
                .bind("id", budget.holder().substring(separator + 1))
                .bind("setAt", budget.occurredAt());
        spec = bindNullable(spec, "daily", budget.dailyMicros());
        spec = bindNullable(spec, "monthly", budget.monthlyMicros());
        return spec.fetch().rowsUpdated().then();
    }

    Mono<Void> lift(String holder) {
        return database.sql("DELETE FROM budget WHERE holder = :holder")
                .bind("holder", holder)
                .fetch()
                .rowsUpdated()
                .then();
    }

    Flux<BudgetView> all(LocalDate today) {
        return withSpend(database.sql(WITH_SPEND + " GROUP BY b.holder ORDER BY b.holder"), today);
    }

    Mono<BudgetView> one(String holder, LocalDate today) {
        return withSpend(
                        database.sql(WITH_SPEND + " WHERE b.holder = :holder GROUP BY b.holder")
                                .bind("holder", holder),
                        today)
                .next();
    }

    private static Flux<BudgetView> withSpend(DatabaseClient.GenericExecuteSpec spec, LocalDate today) {
        return spec.bind("today", today)
                .bind("monthStart", today.withDayOfMonth(1))
                .map(row -> new BudgetView(
                        row.get("holder", String.class),
                        BudgetLimits.dollars(row.get("daily_micros", Long.class)),
                        BudgetLimits.dollars(row.get("monthly_micros", Long.class)),
                        BudgetLimits.plain(row.get("spent_today", Long.class)),
                        BudgetLimits.plain(row.get("spent_this_month", Long.class)),
                        row.get("set_at", java.time.OffsetDateTime.class).toInstant()))
                .all();
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(
            DatabaseClient.GenericExecuteSpec spec, String name, @Nullable Long value) {
        return value == null ? spec.bindNull(name, Long.class) : spec.bind(name, value);
    }
}
