package dev.analyst.contracts.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * One call of a model for one stage of a run, built-in model included (provider {@code builtin}).
 * Analytics prices it from its own price table; the event carries counts, never money.
 *
 * @param timeToFirstTokenMillis until the first piece of a streamed answer; the whole latency for a
 *     call that was not streamed
 */
public record ModelCalled(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        String tenantId,
        String userId,
        String provider,
        String model,
        String stage,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long latencyMillis,
        long timeToFirstTokenMillis,
        boolean succeeded)
        implements Usage {}
