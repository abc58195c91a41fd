package dev.analyst.gateway.conversation;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A message of a conversation.
 *
 * @param role {@code user} or {@code assistant}
 * @param metadata for an answer, its sql, result and chart as JSON; null for a question
 */
record MessageView(
        UUID id,
        @Nullable UUID runId,
        String role,
        String content,
        @JsonRawValue @Nullable String metadata,
        Instant createdAt) {}
