package dev.analyst.agent;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the agent runs.
 *
 * @param rowLimit the most rows a step may return to the agent
 * @param analysisRowLimit the most rows an analysis step reads (it returns only what it found)
 * @param chartWait how long an answer waits for execution to draw its chart before it completes
 *     without the figure
 * @param stepLease how long a run waits for the result of a step before it fails as {@code timed-out}:
 *     the lease that ends a run whose step was lost (a dead-lettered record, a query past every timeout)
 *     instead of leaving it running; a crash of either service is not such a loss, Kafka redelivers (and an
 *     instance just started judges no lease before it has been up for one, having read what waited)
 * @param outboxPollInterval how often the outbox is swept for events a crash left behind
 */
@Validated
@ConfigurationProperties("analyst.agent")
public record AgentProperties(
        @DefaultValue("1000") @Min(1) @Max(100_000) int rowLimit,
        @DefaultValue("100000") @Min(1) @Max(10_000_000) int analysisRowLimit,
        @DefaultValue("15s") @NotNull Duration chartWait,
        @DefaultValue("5m") @NotNull Duration stepLease,
        @DefaultValue("500ms") @NotNull Duration outboxPollInterval) {}
