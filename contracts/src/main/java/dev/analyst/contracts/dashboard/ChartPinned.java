package dev.analyst.contracts.dashboard;

import dev.analyst.contracts.ChartSpec;
import java.time.Instant;
import java.util.UUID;

/** A user pinned an answer's chart to its dataset's dashboard; it is redrawn with every new version. */
public record ChartPinned(
        UUID eventId,
        Instant occurredAt,
        UUID datasetId,
        String tenantId,
        UUID runId,
        String title,
        String sql,
        ChartSpec chart)
        implements DashboardCommand {}
