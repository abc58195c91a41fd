package dev.analyst.contracts.question;

import java.time.Instant;
import java.util.UUID;

/**
 * The user said whether the answer of a run was right. An answer marked correct becomes an example the
 * agent shows its planner for similar questions of the same tenant; marked wrong, it stops being one.
 */
public record AnswerRated(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID conversationId,
        String tenantId,
        String userId,
        boolean correct)
        implements Question {}
