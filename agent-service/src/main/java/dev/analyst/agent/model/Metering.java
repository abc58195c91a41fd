package dev.analyst.agent.model;

import dev.analyst.contracts.usage.ModelCalled;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Whom model calls are metered against, and who else hears of each call once the budget has counted it
 * and recorded its usage (see {@code Spending.Hold#settle}): a test, say; a run needs no more.
 */
public record Metering(UUID runId, String tenantId, String userId, Consumer<ModelCalled> sink) {}
