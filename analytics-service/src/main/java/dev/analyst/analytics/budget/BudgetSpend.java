package dev.analyst.analytics.budget;

import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** What a budget holder spent today and this month, from the ledger's daily rollup (micro-dollars). */
@Component
class BudgetSpend {

    private final DatabaseClient database;

    BudgetSpend(DatabaseClient database) {
        this.database = database;
    }

    /** Today's and this month's spend of {@code user:<id>} or {@code tenant:<id>}. */
    Mono<Spent> of(String holder, LocalDate today) {
        var separator = holder.indexOf(':');
        var column = holder.startsWith("user:") ? "user_id" : "tenant_id";
        return database.sql("SELECT coalesce(sum(cost_micros) FILTER (WHERE day = :today), 0)::bigint AS today,"
                        + " coalesce(sum(cost_micros), 0)::bigint AS month"
                        + " FROM daily_usage WHERE " + column + " = :id AND day >= :monthStart AND day <= :today")
                .bind("today", today)
                .bind("monthStart", today.withDayOfMonth(1))
                .bind("id", holder.substring(separator + 1))
                .map(row -> new Spent(row.get("today", Long.class), row.get("month", Long.class)))
                .one();
    }

    record Spent(long todayMicros, long monthMicros) {}
}
