package dev.analyst.contracts.step;

import dev.analyst.contracts.analysis.Analysis;
import java.time.Instant;
import java.util.UUID;

/**
 * The agent wants an analysis operation computed over the rows a query selects. The SQL is validated
 * and run like any step's; the operation is a typed record, so nothing model-written is executed.
 *
 * @param rowLimit the most input rows the analysis reads; more are cut and the result says so
 */
public record AnalysisRequested(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID stepId,
        String tenantId,
        UUID datasetId,
        int attempt,
        String sql,
        int rowLimit,
        Analysis analysis)
        implements StepRequest {}
