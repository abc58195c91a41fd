package dev.analyst.contracts.run;

import dev.analyst.contracts.ResultTable;
import java.time.Instant;
import java.util.UUID;

/** The SQL ran; this is the table it returned. */
public record ResultProduced(UUID eventId, Instant occurredAt, UUID runId, ResultTable result) implements RunEvent {}
