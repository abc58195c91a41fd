package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.UUID;

/**
 * The run could not answer; the message says why in words the person who asked understands.
 * Terminal.
 *
 * @param reason a stable code: {@code no-dataset}, {@code not-understood}, {@code step-failed},
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
