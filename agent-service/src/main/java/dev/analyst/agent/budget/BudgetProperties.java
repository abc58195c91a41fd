package dev.analyst.agent.budget;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The cost budgets hosted model calls are held to, in US dollars (prefix {@code analyst.budgets}). A
 * limit that is not set is no limit; a user's own entry replaces the default per user, field by field.
 *
 * @param user what each user may spend, unless {@code users} names them
 * @param tenant what each tenant (workspace) may spend, unless {@code tenants} names it
 * @param users limits of particular users, by user id
 * @param tenants limits of particular tenants, by tenant id
 * @param economyShare the share of a limit past which stages use the economy model
 *     ({@code analyst.models.economy}) instead of their own
 * @param expectedOutputTokens the output a call is assumed to write when its cost is held before the
 *     call: calls in flight at once are held against the budget at this estimate
 * @param typicalInputTokens the prompt of a typical call, for the cost a run is expected to have
 * @param typicalOutputTokens the answer of a typical call, for the cost a run is expected to have
 * @param holdFor how long a call's held estimate counts when the call never reports back (a crash)
 * @param holdWait how long a call waits when a budget's room is held by calls in flight, for them to
 *     report what they cost, before it is refused
 */
@Validated
@ConfigurationProperties("analyst.budgets")
public record BudgetProperties(
        @Valid @DefaultValue Limits user,
        @Valid @DefaultValue Limits tenant,
        @DefaultValue Map<String, @Valid Limits> users,
        @DefaultValue Map<String, @Valid Limits> tenants,

        @DefaultValue("0.8") @DecimalMin("0") @DecimalMax("1")
        double economyShare,

        @DefaultValue("1000") @Min(0) int expectedOutputTokens,
        @DefaultValue("400") @Min(0) int typicalInputTokens,
        @DefaultValue("150") @Min(0) int typicalOutputTokens,
        @DefaultValue("10m") @NotNull Duration holdFor,
        @DefaultValue("60s") @NotNull Duration holdWait) {

    /** The limits that apply to a user, their own entry first. */
    Limits forUser(String userId) {
        return users.getOrDefault(userId, Limits.NONE).or(user);
    }

    /** The limits that apply to a tenant, its own entry first. */
    Limits forTenant(String tenantId) {
        return tenants.getOrDefault(tenantId, Limits.NONE).or(tenant);
    }

    /**
     * A daily and a monthly limit in US dollars; days and months are UTC.
     *
     * @param daily the most one UTC day's calls may cost
     * @param monthly the most one UTC month's calls may cost
     */
    public record Limits(
            @Nullable @PositiveOrZero BigDecimal daily,
            @Nullable @PositiveOrZero BigDecimal monthly) {

        static final Limits NONE = new Limits(null, null);

        /** These limits, each unset one taken from {@code fallback}. */
        Limits or(Limits fallback) {
            return new Limits(daily != null ? daily : fallback.daily, monthly != null ? monthly : fallback.monthly);
        }

        boolean any() {
            return daily != null || monthly != null;
        }
    }
}
