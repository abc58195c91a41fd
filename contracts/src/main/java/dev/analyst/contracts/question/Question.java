package dev.analyst.contracts.question;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/** A question, keyed by conversation so the questions of one conversation are handled in order. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(QuestionAsked.class)})
public sealed interface Question extends Event permits QuestionAsked {

    UUID conversationId();

    @Override
    default String key() {
        return conversationId().toString();
    }
}
