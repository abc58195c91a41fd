package dev.analyst.contracts.step;

import java.time.Instant;
import java.util.UUID;

/** The step did not run to the end; the error class tells the agent whether a retry can help. */
public record StepFailed(UUID eventId, Instant occurredAt, UUID runId, UUID stepId, StepError error, String message)
        implements StepResult {}
