package dev.analyst.contracts.run;

import dev.analyst.contracts.ChartSpec;
import java.time.Instant;
import java.util.UUID;

/** The chart that best shows the result. */
public record ChartDesigned(UUID eventId, Instant occurredAt, UUID runId, ChartSpec chart) implements RunEvent {}
