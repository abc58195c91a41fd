package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.UUID;

/** The short written answer, in plain language, every number in it taken from the result. */
public record SummaryWritten(UUID eventId, Instant occurredAt, UUID runId, String text) implements RunEvent {}
