package dev.analyst.contracts.step;

import dev.analyst.contracts.ResultTable;
import java.time.Instant;
import java.util.UUID;

/** The step ran; its result is attached, with the time the database spent on it. */
public record StepSucceeded(
        UUID eventId, Instant occurredAt, UUID runId, UUID stepId, ResultTable result, long executionMillis)
        implements StepResult {}
