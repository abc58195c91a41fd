package dev.analyst.contracts.dataset;

import java.time.Instant;
import java.util.UUID;

/** A load or a connection failed; nothing of it became visible. */
public record DatasetFailed(
        UUID eventId, Instant occurredAt, UUID datasetId, String tenantId, String name, String message)
        implements DatasetEvent {}
