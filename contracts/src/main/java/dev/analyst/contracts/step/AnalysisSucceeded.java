package dev.analyst.contracts.step;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.analysis.AnalysisResult;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The analysis ran; what it found is attached, its chart drawn over the analysis's own table (null when
 * it could not be drawn), with the time the query and the computation took.
 */
public record AnalysisSucceeded(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID stepId,
        AnalysisResult analysis,
        @Nullable ChartFigure figure,
        long executionMillis)
        implements StepResult {}
