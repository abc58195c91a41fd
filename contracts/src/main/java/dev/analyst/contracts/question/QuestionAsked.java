package dev.analyst.contracts.question;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Someone asked a question; the run that answers it has the given id.
 *
 * @param dataset the name of the dataset the question is about, or null to let the agent choose
 *     among the datasets the tenant can see
 */
public record QuestionAsked(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID conversationId,
        String tenantId,
        String userId,
        String question,
        @Nullable String dataset)
        implements Question {}
