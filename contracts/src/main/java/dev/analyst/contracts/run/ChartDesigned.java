package dev.analyst.contracts.run;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The chart that best shows the result, and its Plotly figure once execution drew it (null when it
 * could not, in which case a client may still render the spec).
 */
public record ChartDesigned(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        ChartSpec chart,
        @Nullable ChartFigure figure) implements RunEvent {

    public ChartDesigned(UUID eventId, Instant occurredAt, UUID runId, ChartSpec chart) {
        this(eventId, occurredAt, runId, chart, null);
    }
}
