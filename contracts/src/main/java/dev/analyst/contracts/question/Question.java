package dev.analyst.contracts.question;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/**
 * What a user says in a conversation: a question, whether an answer was right, or to stop a run. Keyed by
 * conversation, so what one conversation says is handled in order.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(QuestionAsked.class),
    @JsonSubTypes.Type(AnswerRated.class),
    @JsonSubTypes.Type(RunCancelRequested.class)
})
public sealed interface Question extends Event permits QuestionAsked, AnswerRated, RunCancelRequested {

    UUID conversationId();

    @Override
    default String key() {
        return conversationId().toString();
    }
}
