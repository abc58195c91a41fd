package dev.analyst.gateway.conversation;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The conversation does not exist or belongs to someone else; the two are indistinguishable on purpose. */
final class ConversationNotFound extends ErrorResponseException {

    ConversationNotFound(UUID conversationId) {
        super(HttpStatus.NOT_FOUND, problem(conversationId), null);
    }

    private static ProblemDetail problem(UUID conversationId) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No conversation " + conversationId + " for this caller.");
        problem.setTitle("Conversation not found");
        return problem;
    }
}
