package dev.analyst.agent.budget;

import dev.analyst.contracts.budget.BudgetEvent;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One limit that applies to a call: a user's or a tenant's, for the current UTC day or month.
 *
 * @param holder whose budget: {@code user:<id>} or {@code tenant:<id>}
 * @param period which one: {@code day:2026-11-21} or {@code month:2026-11}
 * @param limitMicros the limit in micro-dollars
 */
record Budget(String holder, String period, long limitMicros) {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    static String user(String userId) {
        return BudgetEvent.user(userId);
    }

    static String tenant(String tenantId) {
        return BudgetEvent.tenant(tenantId);
    }

    static String day(Instant now) {
        return "day:" + DAY.format(now);
    }

    static String month(Instant now) {
        return "month:" + MONTH.format(now);
    }

    static long micros(BigDecimal dollars) {
        return dollars.movePointRight(6)
                .setScale(0, java.math.RoundingMode.DOWN)
                .longValueExact();
    }

    boolean isUsers() {
        return holder.startsWith("user:");
    }

    boolean isDaily() {
        return period.startsWith("day:");
    }

    /** Whose budget, as the person asking reads it. */
    String owner() {
        return isUsers() ? "your" : "your workspace's";
    }

    /** The words a person reads when this budget stops their run. */
    String exhausted(long spentMicros) {
        return "The " + (isDaily() ? "daily" : "monthly") + " budget of " + dollars(limitMicros) + " for "
                + (isUsers() ? "your account" : "your workspace") + " is used up (" + dollars(spentMicros)
                + " spent " + (isDaily() ? "today" : "this month") + "), so this question was stopped before the"
                + " next model call. It renews " + (isDaily() ? "at midnight UTC" : "on the first of next month, UTC")
                + "; an administrator can raise it.";
    }

    static String dollars(long micros) {
        var format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setMaximumFractionDigits(micros % 10_000 == 0 ? 2 : 4);
        return format.format(BigDecimal.valueOf(micros, 6));
    }
}
