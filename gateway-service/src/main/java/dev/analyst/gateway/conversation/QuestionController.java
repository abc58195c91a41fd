package dev.analyst.gateway.conversation;

import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.run.RunEventStreams;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/questions}: records the question and answers with the run's event stream, or, for
 * a client that asks for JSON, with where to follow it.
 */
@RestController
class QuestionController {

    static final String RUN_ID_HEADER = "X-Run-Id";
    static final String CONVERSATION_ID_HEADER = "X-Conversation-Id";

    private final Questions questions;
    private final RunEventStreams streams;

    QuestionController(Questions questions, RunEventStreams streams) {
        this.questions = questions;
        this.streams = streams;
    }

    @PostMapping(path = "/api/questions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> ask(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Valid @RequestBody AskQuestion body,
            ServerHttpRequest request) {
        var json = wantsJson(request.getHeaders());
        return questions.ask(caller, body).map(asked -> {
            var eventsPath = "/api/runs/" + asked.runId() + "/events";
            var response = (json ? ResponseEntity.accepted() : ResponseEntity.ok())
                    .header(RUN_ID_HEADER, asked.runId().toString())
                    .header(CONVERSATION_ID_HEADER, asked.conversationId().toString())
                    .header(HttpHeaders.CONTENT_LOCATION, eventsPath);
            if (json) {
                return response.contentType(MediaType.APPLICATION_JSON)
                        .body(new QuestionAccepted(asked.runId(), asked.conversationId(), eventsPath));
            }
            return response.contentType(MediaType.TEXT_EVENT_STREAM)
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .header("X-Accel-Buffering", "no")
                    .body(streams.fromStart(asked.runId()));
        });
    }

    /** JSON only when asked for explicitly: no Accept, {@code *}{@code /*} and text/event-stream all get the stream. */
    static boolean wantsJson(HttpHeaders headers) {
        var accepted = headers.getAccept();
        var json = false;
        for (var type : accepted) {
            if (type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM) && !type.isWildcardType()) {
                return false;
            }
            if (!type.isWildcardType()
                    && !type.isWildcardSubtype()
                    && MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
                json = true;
            }
        }
        return json;
    }
}
