package dev.analyst.contracts.dataset;

import java.time.Instant;
import java.util.UUID;

/** A load or a connection failed; nothing of it became visible and the previous version, if any, stays. */
public record DatasetFailed(
        UUID eventId, Instant occurredAt, UUID datasetId, String tenantId, String name, String message)
        implements DatasetProgress {}
