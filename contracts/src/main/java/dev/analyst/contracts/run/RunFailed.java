package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.UUID;

/**
 * The run could not answer; the message says why in words the person who asked understands.
 * Terminal.
 *
 * @param reason a stable code: {@code no-dataset}, {@code not-understood}, {@code refused},
 *     {@code step-failed}, {@code budget-exhausted} (a cost budget had no room for the next model call),
 *     {@code internal}
 */
public record RunFailed(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        UUID conversationId,
        String tenantId,
        String reason,
        String message)
        implements RunEvent {}
