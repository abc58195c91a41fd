package dev.analyst.gateway.openai;

import dev.analyst.gateway.agents.AgentSettings;
import dev.analyst.gateway.agents.AgentView;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.conversation.AskQuestion;
import dev.analyst.gateway.openai.ChatCompletions.CompletionQuestion;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The OpenAI-compatible API: {@code GET /v1/models} lists the analyst and the agents the caller has on,
 * {@code POST /v1/chat/completions} asks the last user message as a question and answers with the run's
 * answer, whole or streamed.
 */
@RestController
class OpenAiController {

    static final String RUN_ID_HEADER = "X-Run-Id";
    static final String CONVERSATION_ID_HEADER = "X-Conversation-Id";
    static final int MAX_DATASET_LENGTH = 200;

    private final ChatCompletions completions;
    private final AgentSettings agents;

    OpenAiController(ChatCompletions completions, AgentSettings agents) {
        this.completions = completions;
        this.agents = agents;
    }

    @GetMapping("/v1/models")
    Mono<ModelList> models(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return turnedOff(caller)
                .map(off -> ModelList.of(AnalystModel.all()
                        .filter(model -> !off.contains(model.id()))
                        .map(ModelList.Model::of)
                        .toList()));
    }

    @GetMapping("/v1/models/{model}")
    Mono<ModelList.Model> model(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String model) {
        var found = AnalystModel.named(model).orElseThrow(() -> OpenAiError.modelNotFound(model));
        return turnedOff(caller).map(off -> {
            if (off.contains(found.id())) {
                throw OpenAiError.modelNotFound(model);
            }
            return ModelList.Model.of(found);
        });
    }

    // No consumes: a request without a JSON content type gets OpenAI's error from the error handling, not a
    // bare 415 from the mapping.
    @PostMapping("/v1/chat/completions")
    Mono<ResponseEntity<Object>> chatCompletions(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @RequestBody ChatCompletionRequest request) {
        var question = question(request);
        return completions.start(caller, question).flatMap(started -> {
            var response = ResponseEntity.ok()
                    .header(RUN_ID_HEADER, started.runId().toString())
                    .header(
                            CONVERSATION_ID_HEADER,
                            started.asked().conversationId().toString());
            if (request.streamed()) {
                return Mono.just(response.contentType(MediaType.TEXT_EVENT_STREAM)
                        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                        // Tells nginx-style proxies not to buffer the stream.
                        .header("X-Accel-Buffering", "no")
                        .body(completions.stream(started, request.includeUsage())));
            }
            return completions
                    .complete(started)
                    .map(completion ->
                            response.contentType(MediaType.APPLICATION_JSON).body(completion));
        });
    }

    /** OpenAI answers an unknown path or method under /v1 with its own error, so this API does too. */
    @RequestMapping("/v1/**")
    Mono<Void> unknown(ServerHttpRequest request) {
        throw new OpenAiError(
                HttpStatus.NOT_FOUND,
                "Invalid URL (" + request.getMethod() + " " + request.getPath().value() + ")",
                "invalid_request_error",
                null,
                null);
    }

    /** The request as a question, or the first thing wrong with it as OpenAI would say it. */
    static CompletionQuestion question(ChatCompletionRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw OpenAiError.invalidRequest(
                    "You must provide a model parameter; GET /v1/models lists them.",
                    "model",
                    "missing_required_parameter");
        }
        var model = AnalystModel.named(request.model()).orElseThrow(() -> OpenAiError.modelNotFound(request.model()));
        var messages = request.messages();
        if (messages == null || messages.isEmpty()) {
            throw OpenAiError.invalidRequest(
                    "'messages' must hold at least one message.",
                    "messages",
                    messages == null ? "missing_required_parameter" : "empty_array");
        }
        // The analyst keeps a conversation's memory itself, so only the last question is asked; earlier
        // messages count towards the prompt's tokens and nothing else.
        var asked = messages.reversed().stream()
                .filter(message -> "user".equals(message.role()))
                .findFirst()
                .orElseThrow(() -> OpenAiError.invalidRequest(
                        "'messages' must hold a message with the role 'user': its text is the question.",
                        "messages",
                        "missing_user_message"))
                .text()
                .strip();
        if (asked.isEmpty()) {
            throw OpenAiError.invalidRequest("The last user message has no text to ask.", "messages", "invalid_value");
        }
        var question = model.question(asked);
        if (question.length() > AskQuestion.MAX_QUESTION_LENGTH) {
            throw OpenAiError.invalidRequest(
                    "The question is " + question.length() + " characters long; the analyst takes up to "
                            + AskQuestion.MAX_QUESTION_LENGTH + ".",
                    "messages",
                    "string_above_max_length");
        }
        var metadata = request.metadata() == null ? Map.<String, String>of() : request.metadata();
        var dataset = blankToNull(metadata.get("dataset"));
        if (dataset != null && dataset.length() > MAX_DATASET_LENGTH) {
            throw OpenAiError.invalidRequest(
                    "metadata.dataset is longer than " + MAX_DATASET_LENGTH + " characters.",
                    "metadata.dataset",
                    "string_above_max_length");
        }
        return new CompletionQuestion(
                request.model().strip(),
                question,
                dataset,
                conversationId(blankToNull(metadata.get("conversation_id"))),
                messages.stream().map(ChatCompletionRequest.Message::text).toList());
    }

    private static @Nullable UUID conversationId(@Nullable String id) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw OpenAiError.invalidRequest(
                    "metadata.conversation_id must be the X-Conversation-Id of an earlier answer.",
                    "metadata.conversation_id",
                    "invalid_value");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The ids of the agent models the caller has turned off. */
    private Mono<Set<String>> turnedOff(Caller caller) {
        return agents.list(caller)
                .map(list -> list.stream()
                        .filter(agent -> !agent.enabled())
                        .map(AgentView::mention)
                        .collect(Collectors.toSet()));
    }
}
