package dev.analyst.gateway.openai;

import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.SummaryDelta;
import dev.analyst.contracts.run.SummaryWritten;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.conversation.AskQuestion;
import dev.analyst.gateway.conversation.Questions;
import dev.analyst.gateway.run.RunEventStreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chat completions through the analyst's own machinery: the question is asked as {@code POST
 * /api/questions} asks it, and the run's events, replayed from its Redis stream, become a completion or
 * a stream of chunks.
 */
@Service
class ChatCompletions {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletions.class);

    private final Questions questions;
    private final RunEventStreams streams;
    private final AnswerMarkdown markdown;
    private final JsonMapper mapper;

    ChatCompletions(Questions questions, RunEventStreams streams, AnswerMarkdown markdown, JsonMapper mapper) {
        this.questions = questions;
        this.streams = streams;
        this.markdown = markdown;
        this.mapper = mapper;
    }

    /** Asks the question; the run answers in the background whether or not anyone follows it. */
    Mono<Started> start(Caller caller, CompletionQuestion question) {
        var created = Instant.now().getEpochSecond();
        return questions
                .ask(caller, new AskQuestion(question.question(), question.dataset(), question.conversationId()))
                .map(asked -> new Started(question, asked, created));
    }

    /** Waits for the run to end: its answer as a completion, or its failure as an {@link OpenAiError}. */
    Mono<ChatCompletion> complete(Started started) {
        return events(started.runId())
                .filter(RunEvent::terminal)
                .next()
                .switchIfEmpty(Mono.error(() -> endedWithoutAnswer(started)))
                .flatMap(terminal -> switch (terminal) {
                    case AnswerCompleted answer -> {
                        var content = markdown.render(answer);
                        yield Mono.just(ChatCompletion.of(
                                started.id(),
                                started.created(),
                                started.model(),
                                content,
                                CompletionUsage.estimate(started.question().prompt(), content)));
                    }
                    case RunFailed failed -> Mono.error(OpenAiError.runFailed(failed));
                    default -> Mono.error(endedWithoutAnswer(started));
                });
    }

    /**
     * The run as OpenAI chunks: the role, the summary as it is written, the rest of the answer (SQL,
     * table, chart), the stop chunk, the usage when asked for, then {@code [DONE]}. A run that fails ends
     * the stream with an error chunk instead, which OpenAI's SDKs raise as an exception. Heartbeat comments
     * pass through so proxies keep a long run's stream open; SSE clients skip comments.
     */
    Flux<ServerSentEvent<String>> stream(Started started, boolean includeUsage) {
        return Flux.defer(() -> {
            var state = new StreamState();
            var chunks = streams.fromStart(started.runId()).concatMap(sse -> {
                if (sse.data() == null) {
                    return Flux.just(ServerSentEvent.<String>builder()
                            .comment("heartbeat")
                            .build());
                }
                return chunks(started, includeUsage, state, mapper.readValue(sse.data(), RunEvent.class));
            });
            var end = Flux.defer(() -> state.ended
                    ? Flux.<ServerSentEvent<String>>empty()
                    : Flux.just(error(endedWithoutAnswer(started))));
            return Flux.concat(
                            Flux.just(data(ChatCompletionChunk.role(started.id(), started.created(), started.model()))),
                            chunks,
                            end)
                    .onErrorResume(failure -> {
                        // The response has started: the failure can only be told as the stream's last chunk.
                        log.error("Chat completion stream of run {} failed", started.runId(), failure);
                        return Flux.just(
                                error(OpenAiError.serverError("The answer's stream broke off; please ask again.")));
                    });
        });
    }

    private Flux<ServerSentEvent<String>> chunks(
            Started started, boolean includeUsage, StreamState state, RunEvent event) {
        var id = started.id();
        var created = started.created();
        var model = started.model();
        return switch (event) {
            case SummaryDelta delta -> {
                state.streamed.append(delta.text());
                yield Flux.just(data(ChatCompletionChunk.content(id, created, model, delta.text())));
            }
            // Deltas are a courtesy; when none came, the checked summary goes out whole.
            case SummaryWritten written
            when state.streamed.isEmpty() -> {
                state.streamed.append(written.text().strip());
                yield Flux.just(data(ChatCompletionChunk.content(
                        id, created, model, written.text().strip())));
            }
            case AnswerCompleted answer -> {
                state.ended = true;
                var rest = rest(state.streamed.toString(), answer);
                var content = state.streamed + rest;
                var chunks = new ArrayList<ServerSentEvent<String>>();
                if (!rest.isEmpty()) {
                    chunks.add(data(ChatCompletionChunk.content(id, created, model, rest)));
                }
                chunks.add(data(ChatCompletionChunk.stop(id, created, model)));
                if (includeUsage) {
                    var usage = CompletionUsage.estimate(started.question().prompt(), content);
                    chunks.add(data(ChatCompletionChunk.usage(id, created, model, usage)));
                }
                chunks.add(ServerSentEvent.builder("[DONE]").build());
                yield Flux.fromIterable(chunks);
            }
            case RunFailed failed -> {
                state.ended = true;
                yield Flux.just(error(OpenAiError.runFailed(failed)));
            }
            default -> Flux.empty();
        };
    }

    /**
     * What is left to send once {@code streamed} has gone out: the rest of the explanation and the details
     * when the deltas were the start of it; when they strayed from the checked text, the whole answer after a
     * blank line, so the client ends with the answer that was checked.
     */
    private String rest(String streamed, AnswerCompleted answer) {
        var text = answer.text().strip();
        if (text.startsWith(streamed)) {
            return text.substring(streamed.length()) + markdown.details(answer);
        }
        return "\n\n" + markdown.render(answer);
    }

    private Flux<RunEvent> events(UUID runId) {
        return streams.fromStart(runId)
                .filter(sse -> sse.data() != null)
                .map(sse -> mapper.readValue(sse.data(), RunEvent.class));
    }

    private ServerSentEvent<String> data(Object chunk) {
        return ServerSentEvent.builder(mapper.writeValueAsString(chunk)).build();
    }

    private ServerSentEvent<String> error(OpenAiError error) {
        return ServerSentEvent.builder(mapper.writeValueAsString(error.body())).build();
    }

    private static OpenAiError endedWithoutAnswer(Started started) {
        return OpenAiError.serverError("Run " + started.runId() + " ended without an answer; please ask again.");
    }

    /** What one stream has sent so far; a stream's events arrive one at a time, in order. */
    private static final class StreamState {
        private final StringBuilder streamed = new StringBuilder();
        private volatile boolean ended;
    }

    /** A question asked for a chat completion, and the run answering it. */
    record Started(CompletionQuestion question, Questions.Asked asked, long created) {

        /** OpenAI's completion id, from the run's, so a completion can be traced to its run. */
        String id() {
            return "chatcmpl-" + asked.runId();
        }

        UUID runId() {
            return asked.runId();
        }

        String model() {
            return question.model();
        }
    }

    /**
     * A chat completion request read as a question.
     *
     * @param model the model id as the client named it, echoed in the answer
     * @param prompt the text of every message, for the token estimate
     */
    record CompletionQuestion(
            String model,
            String question,
            @Nullable String dataset,
            @Nullable UUID conversationId,
            List<String> prompt) {}
}
