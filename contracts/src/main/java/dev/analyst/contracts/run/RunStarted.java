package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.UUID;

/** The agent took the question on. */
public record RunStarted(
        UUID eventId, Instant occurredAt, UUID runId, UUID conversationId, String tenantId, String question)
        implements RunEvent {}
