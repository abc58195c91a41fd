package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.UUID;

/**
 * The run reached a stage ({@code validate}, {@code plan}, {@code execute}, {@code summarise},
 * {@code chart}); the message says what it is doing in words a person reads.
 */
public record ProgressReported(UUID eventId, Instant occurredAt, UUID runId, String stage, String message)
        implements RunEvent {}
