package dev.analyst.analytics.activity;

import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.contracts.question.Question;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.question.RunCancelRequested;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Records every question and answer rating once, however often Kafka delivers it, for the activity reports. */
@Component
class QuestionListener {

    private static final Logger log = LoggerFactory.getLogger(QuestionListener.class);

    /** Longer than any healthy insert; past it the error handler retries and then dead-letters the record. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final JsonMapper mapper;
    private final ActivityLedger ledger;

    QuestionListener(JsonMapper mapper, ActivityLedger ledger) {
        this.mapper = mapper;
        this.ledger = ledger;
    }

    @KafkaListener(
            id = "question-activity",
            idIsGroup = false,
            topics = "#{T(dev.analyst.contracts.Topic).QUESTIONS.topicName()}")
    void onQuestion(String json) {
        switch (mapper.readValue(json, Question.class)) {
            case QuestionAsked asked ->
                record(asked, new Asker(asked.runId(), asked.tenantId(), asked.userId()), () -> ledger.asked(asked));
            case AnswerRated rated ->
                record(rated, new Asker(rated.runId(), rated.tenantId(), rated.userId()), () -> ledger.rated(rated));
            // Not activity of its own: the question it stops was counted when it was asked.
            case RunCancelRequested ignored -> {}
        }
    }

    private void record(Question event, Asker asker, Supplier<Mono<Boolean>> write) {
        validate(event, asker);
        MDC.put("runId", asker.runId().toString());
        try {
            // Blocking on a listener thread, so the offset is committed only after the row is written.
            if (!Boolean.TRUE.equals(write.get().block(WRITE_TIMEOUT))) {
                log.debug("Question event {} already recorded", event.eventId());
            }
        } finally {
            MDC.remove("runId");
        }
    }

    // Jackson fills absent fields with null, which the database would reject only as a retryable error.
    @SuppressWarnings("ConstantValue")
    private static void validate(Question event, Asker asker) {
        if (event.eventId() == null
                || event.occurredAt() == null
                || event.conversationId() == null
                || asker.runId() == null) {
            throw new InvalidQuestionEvent("A question event needs eventId, occurredAt, runId and conversationId");
        }
        if (asker.tenantId() == null
                || asker.tenantId().isBlank()
                || asker.userId() == null
                || asker.userId().isBlank()) {
            throw new InvalidQuestionEvent("Question event " + event.eventId() + " needs tenantId and userId");
        }
    }

    private record Asker(UUID runId, String tenantId, String userId) {}
}
