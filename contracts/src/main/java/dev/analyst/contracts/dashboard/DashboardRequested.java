package dev.analyst.contracts.dashboard;

import java.time.Instant;
import java.util.UUID;

/** Regenerate a dataset's dashboard from its current profile, keeping the charts users pinned. */
public record DashboardRequested(UUID eventId, Instant occurredAt, UUID datasetId, String tenantId)
        implements DashboardCommand {}
