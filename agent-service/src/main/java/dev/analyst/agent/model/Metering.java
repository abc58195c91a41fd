package dev.analyst.agent.model;

import dev.analyst.contracts.usage.ModelCalled;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Whom model calls are metered against, and where their usage goes: the handler that made them,
 * which publishes it with the run's own events.
 */
public record Metering(UUID runId, String tenantId, String userId, Consumer<ModelCalled> sink) {}
