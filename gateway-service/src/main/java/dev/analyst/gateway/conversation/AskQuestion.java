package dev.analyst.gateway.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/questions}, and what {@code POST /v1/chat/completions} asks.
 *
 * @param dataset the dataset the question is about, or null to let the agent choose
 * @param conversationId the conversation to continue, or null to start one
 */
public record AskQuestion(
        @NotBlank @Size(max = AskQuestion.MAX_QUESTION_LENGTH)
        String question,

        @Nullable @Size(max = 200) String dataset,
        @Nullable UUID conversationId) {

    /** The longest question the agent takes, in characters. */
    public static final int MAX_QUESTION_LENGTH = 2000;
}
