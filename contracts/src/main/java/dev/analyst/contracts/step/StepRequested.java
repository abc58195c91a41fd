package dev.analyst.contracts.step;

import java.time.Instant;
import java.util.UUID;

/**
 * The agent wants one SQL query run against a dataset. The SQL is untrusted: execution validates it
 * and runs it read-only, whatever wrote it.
 *
 * @param attempt 1 for the first try, counting up as the agent corrects failed SQL
 * @param rowLimit the most rows the result may carry; more are cut and the result marked truncated
 */
public record StepRequested(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID stepId,
        String tenantId,
        UUID datasetId,
        int attempt,
        String sql,
        int rowLimit)
        implements StepRequest {}
