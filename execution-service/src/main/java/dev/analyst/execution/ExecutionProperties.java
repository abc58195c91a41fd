package dev.analyst.execution;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How execution runs steps: query limits, the result cache, how long a step waits for its dataset, and
 * the key that opens external datasource passwords.
 *
 * @param statementTimeout the server-side {@code statement_timeout} of every query
 * @param datasetWait how long a step waits for its dataset to appear in the catalog, which execution reads
 *     independently of the agent
 * @param secretKey Base64 of the 32-byte AES-256-GCM key that seals datasource passwords and from which
 *     each tenant's warehouse password is derived
 */
@Validated
@ConfigurationProperties("analyst.execution")
public record ExecutionProperties(
        @DefaultValue("10s") @NotNull Duration statementTimeout,
        @DefaultValue("5s") @NotNull Duration datasetWait,
        @DefaultValue @Valid Rows rows,
        @DefaultValue @Valid Cache cache,
        @DefaultValue @Valid External external,
        @DefaultValue @Valid Bulkhead bulkhead,
        @DefaultValue @Valid Cost cost,
        @NotBlank String secretKey) {

    /**
     * Row caps of a result.
     *
     * @param defaultLimit the cap when a step asks for none (a row limit of zero or less)
     * @param maximumLimit the cap no step can exceed
     */
    public record Rows(
            @DefaultValue("1000") @Positive int defaultLimit,
            @DefaultValue("10000") @Positive @Max(1_000_000) int maximumLimit) {

        @AssertTrue(message = "the default row limit must not exceed the maximum")
        public boolean isDefaultWithinMaximum() {
            return defaultLimit <= maximumLimit;
        }

        /** The cap for a step that asked for {@code requested} rows. */
        public int limitFor(int requested) {
            return requested <= 0 ? defaultLimit : Math.min(requested, maximumLimit);
        }
    }

    /**
     * The Redis result cache.
     *
     * @param ttl how long a result stays cached; a new dataset version makes it unreachable sooner
     * @param timeout how long a cache read may take before the step runs uncached
     * @param pauseAfterFailure how long the cache is bypassed after Redis failed, so an outage costs one
     *     timeout rather than one per step
     */
    public record Cache(
            @DefaultValue("10m") @NotNull Duration ttl,
            @DefaultValue("250ms") @NotNull Duration timeout,
            @DefaultValue("10s") @NotNull Duration pauseAfterFailure) {}

    /**
     * Connection pools for external PostgreSQL datasources, one small pool per datasource.
     *
     * @param maxConnections the most connections one datasource gets
     * @param connectTimeout how long opening a connection may take
     * @param maxIdleTime how long an unused connection stays open
     */
    public record External(
            @DefaultValue("4") @Positive int maxConnections,
            @DefaultValue("5s") @NotNull Duration connectTimeout,
            @DefaultValue("5m") @NotNull Duration maxIdleTime) {}

    /**
     * How many queries run at once. Each tenant has its own lane, so a tenant flooding the service waits
     * in its own queue while others' queries keep running.
     *
     * @param perTenant the most queries of one tenant running at once (also its warehouse pool's size)
     * @param global the most queries running at once over all tenants
     * @param waitingPerTenant the most queries of one tenant waiting for a lane; more fail as busy
     * @param maxWait how long a query may wait for its turn before it fails as busy (by then its run has
     *     usually given up on it)
     */
    public record Bulkhead(
            @DefaultValue("4") @Positive int perTenant,
            @DefaultValue("16") @Positive int global,
            @DefaultValue("200") @Positive int waitingPerTenant,
            @DefaultValue("60s") @NotNull Duration maxWait) {

        @AssertTrue(message = "one tenant's lane must be narrower than the global limit, or it could take it all")
        public boolean isTenantLaneNarrowerThanGlobal() {
            return perTenant < global;
        }
    }

    /**
     * The cost gate: PostgreSQL's own estimate ({@code EXPLAIN}) of each query before it runs.
     *
     * @param maximum the planner cost above which a query is refused with its estimate; a sequential scan
     *     of a table costs about one unit per page plus 0.01 per row
     */
    public record Cost(@DefaultValue("50000000") @Positive double maximum) {}
}
