package dev.analyst.agent.model;

import dev.analyst.contracts.usage.ModelCalled;
import java.util.UUID;

/**
 * Whom model calls are metered against, and who else hears of each call once the budget has counted it and
 * tried to record its usage (see {@code Spending.Hold#settle}): the run, which publishes with its own events
 * the usage that could not be recorded then (the database away), and tests.
 */
public record Metering(UUID runId, String tenantId, String userId, UsageSink sink) {

    /** Hears of each call, and whether its usage was recorded already. */
    @FunctionalInterface
    public interface UsageSink {
        void called(ModelCalled call, boolean recorded);
    }
}
