package dev.analyst.contracts.step;

import dev.analyst.contracts.ChartSpec;
import java.time.Instant;
import java.util.UUID;

/**
 * The agent wants a chart of a query's whole result drawn: execution validates the spec against the
 * result's columns, aggregates or samples rows in the database when there are too many to draw, and
 * answers with a Plotly figure.
 */
public record ChartRequested(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID stepId,
        String tenantId,
        UUID datasetId,
        String sql,
        ChartSpec chart)
        implements StepRequest {}
