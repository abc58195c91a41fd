package dev.analyst.gateway.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/questions}.
 *
 * @param dataset the dataset the question is about, or null to let the agent choose
 * @param conversationId the conversation to continue, or null to start one
 */
record AskQuestion(
        @NotBlank @Size(max = 2000) String question,
        @Nullable @Size(max = 200) String dataset,
        @Nullable UUID conversationId) {}
