package dev.analyst.contracts.step;

import dev.analyst.contracts.analysis.AnalysisResult;
import java.time.Instant;
import java.util.UUID;

/** The analysis ran; what it found is attached, with the time the query and the computation took. */
public record AnalysisSucceeded(
        UUID eventId, Instant occurredAt, UUID runId, UUID stepId, AnalysisResult analysis, long executionMillis)
        implements StepResult {}
