package dev.analyst.contracts.step;

import dev.analyst.contracts.ChartFigure;
import java.time.Instant;
import java.util.UUID;

/** The requested chart, drawn: a Plotly figure over the query's whole result. */
public record ChartHydrated(UUID eventId, Instant occurredAt, UUID runId, UUID stepId, ChartFigure figure)
        implements StepResult {}
