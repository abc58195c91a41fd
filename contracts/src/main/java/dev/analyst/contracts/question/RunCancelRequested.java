package dev.analyst.contracts.question;

import java.time.Instant;
import java.util.UUID;

/**
 * The user asked to stop a run. It travels with the conversation's questions, so the agent handles it
 * after the question that started the run. A run still going stops as {@code RunFailed} with reason
 * {@code cancelled}, and what it had produced stays; a run already over is left as it ended.
 */
public record RunCancelRequested(
        UUID eventId, Instant occurredAt, UUID runId, UUID conversationId, String tenantId, String userId)
        implements Question {}
