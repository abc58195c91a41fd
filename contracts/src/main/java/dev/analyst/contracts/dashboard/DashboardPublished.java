package dev.analyst.contracts.dashboard;

import java.time.Instant;
import java.util.UUID;

/** A dataset's dashboard was (re)drawn; it replaces every earlier one of the dataset. */
public record DashboardPublished(UUID eventId, Instant occurredAt, UUID datasetId, Dashboard dashboard)
        implements DashboardEvent {}
