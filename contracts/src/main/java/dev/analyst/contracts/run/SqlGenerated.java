package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.UUID;

/** The planner wrote the SQL for an attempt at the answer, against the named dataset. */
public record SqlGenerated(
        UUID eventId, Instant occurredAt, UUID runId, UUID datasetId, String dataset, int attempt, String sql)
        implements RunEvent {}
