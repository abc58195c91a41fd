package dev.analyst.agent.model;

import dev.analyst.agent.budget.BudgetExhausted;
import dev.analyst.agent.budget.Spending;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One model of one provider, behind the provider's circuit breaker, with a time limit on every call
 * and retries with backoff for the failures a retry can cure (rate limits, server errors, timeouts).
 * Whatever still fails comes out as {@link ModelUnavailable}, for the chain to move on.
 */
public final class HostedModel {

    private static final Pattern PROVIDER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"([^\"]{1,200})\"");

    private final String provider;
    private final String model;
    private final ChatModel chat;
    private final StreamingChatModel streaming;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter limiter;
    private final Executor calls;
    private final GenAiTarget target;
    private final Spending spending;

    HostedModel(
            String provider,
            String model,
            ChatModel chat,
            StreamingChatModel streaming,
            CircuitBreaker breaker,
            Retry retry,
            TimeLimiter limiter,
            Executor calls,
            GenAiTarget target,
            Spending spending) {
        this.provider = provider;
        this.model = model;
        this.chat = chat;
        this.streaming = streaming;
        this.breaker = breaker;
        this.retry = retry;
        this.limiter = limiter;
        this.calls = calls;
        this.target = target;
        this.spending = spending;
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    /**
     * The model's answer to the messages. With a schema, the answer is asked for as JSON of that
     * shape, through the provider's structured output where it has one.
     */
    public String complete(String stage, Metering metering, List<ChatMessage> messages, @Nullable JsonSchema schema) {
        var request = ChatRequest.builder().messages(messages);
        if (schema != null && chat.supportedCapabilities().contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA)) {
            request.responseFormat(ResponseFormat.builder()
                    .type(ResponseFormatType.JSON)
                    .jsonSchema(schema)
                    .build());
        }
        var built = request.build();
        var characters = characters(messages);
        return resilient(() -> {
                    var call = new ModelCall(provider, model, stage, metering, target, admit(metering, characters));
                    return CompletableFuture.supplyAsync(() -> chat.chat(built, options(call)), calls);
                })
                .aiMessage()
                .text();
    }

    /**
     * The model's answer, streamed: each piece goes to {@code pieces} as it arrives. A call that
     * failed after its first piece is not retried, since the reader has already seen part of it.
     */
    public String stream(String stage, Metering metering, List<ChatMessage> messages, Consumer<String> pieces) {
        var request = ChatRequest.builder().messages(messages).build();
        var characters = characters(messages);
        var started = new AtomicBoolean();
        // An attempt that timed out is not stopped by cancelling its future: its stream may go on.
        // Once the call is over, or its attempt abandoned, nothing it sends reaches the reader.
        var over = new AtomicBoolean();
        try {
            return resilient(() -> {
                        if (started.get()) {
                            throw new StreamBroken();
                        }
                        var call = new ModelCall(provider, model, stage, metering, target, admit(metering, characters));
                        var answer = new CompletableFuture<ChatResponse>();
                        streaming.chat(request, options(call), new StreamingChatResponseHandler() {
                            @Override
                            public void onPartialResponse(String piece) {
                                call.pieceArrived();
                                synchronized (over) {
                                    if (!over.get() && !answer.isDone()) {
                                        started.set(true);
                                        pieces.accept(piece);
                                    }
                                }
                            }

                            @Override
                            public void onCompleteResponse(ChatResponse response) {
                                answer.complete(response);
                            }

                            @Override
                            public void onError(Throwable error) {
                                answer.completeExceptionally(error);
                            }
                        });
                        return answer;
                    })
                    .aiMessage()
                    .text();
        } finally {
            synchronized (over) {
                over.set(true);
            }
        }
    }

    private ChatResponse resilient(Supplier<CompletableFuture<ChatResponse>> attempt) {
        Supplier<ChatResponse> limited = () -> {
            try {
                return limiter.executeFutureSupplier(attempt::get);
            } catch (ExecutionException e) {
                throw unchecked(e.getCause());
            } catch (Exception e) {
                throw unchecked(e);
            }
        };
        try {
            return retry.executeSupplier(breaker.decorateSupplier(limited));
        } catch (BudgetExhausted e) {
            // Not the model's failure: the run stops rather than moving down the chain.
            throw e;
        } catch (CallNotPermittedException e) {
            throw new ModelUnavailable(provider + ": the circuit is open after repeated failures", e);
        } catch (StreamBroken e) {
            throw new ModelUnavailable(provider + "/" + model + ": the stream broke off", e);
        } catch (RuntimeException e) {
            throw new ModelUnavailable(provider + "/" + model + ": " + describe(e), e);
        }
    }

    /** Every attempt is a billed call, so every attempt asks the budgets first. */
    private Spending.Hold admit(Metering metering, long characters) {
        return spending.admit(metering.tenantId(), metering.userId(), provider, model, characters);
    }

    private static long characters(List<ChatMessage> messages) {
        return messages.stream()
                .mapToLong(message -> switch (message) {
                    case SystemMessage system -> system.text().length();
                    case UserMessage user ->
                        user.hasSingleText()
                                ? user.singleText().length()
                                : user.toString().length();
                    case AiMessage ai -> ai.text() == null ? 0 : ai.text().length();
                    default -> message.toString().length();
                })
                .sum();
    }

    private static ChatRequestOptions options(ModelCall call) {
        return ChatRequestOptions.builder()
                .addListenerAttribute(ModelCall.ATTRIBUTE, call)
                .build();
    }

    /** Whether another attempt on the same model could succeed. */
    static boolean retriable(Throwable error) {
        return error instanceof RetriableException
                || error instanceof TimedOut
                || error instanceof HttpException http && (http.statusCode() == 429 || http.statusCode() >= 500)
                || error.getCause() != null && error.getCause() != error && retriable(error.getCause());
    }

    private static String describe(Throwable error) {
        return switch (error) {
            // The time limit and the HTTP client's own timeout race; either way the model was too slow.
            case TimedOut ignored -> "no answer in time";
            case dev.langchain4j.exception.TimeoutException ignored -> "no answer in time";
            case HttpException http -> "HTTP " + http.statusCode();
            default -> {
                var message = error.getMessage();
                if (message == null || message.isBlank()) {
                    yield error.getClass().getSimpleName();
                }
                // Providers answer errors as JSON; the reader wants its message, not the body.
                var said = PROVIDER_MESSAGE.matcher(message);
                var line = said.find()
                        ? said.group(1)
                        : message.lines().findFirst().orElse("").strip();
                yield line.length() > 200 ? line.substring(0, 200) + "…" : line;
            }
        };
    }

    private static RuntimeException unchecked(@Nullable Throwable error) {
        return switch (error) {
            case TimeoutException timeout -> new TimedOut(timeout);
            case RuntimeException runtime -> runtime;
            case null -> new IllegalStateException("The model call failed without a cause");
            default -> new IllegalStateException(error.getMessage(), error);
        };
    }

    /** The call ran past its time limit. */
    static final class TimedOut extends RuntimeException {
        TimedOut(Throwable cause) {
            super("no answer in time", cause);
        }
    }

    /** A streamed call failed after part of it was shown: never retried. */
    private static final class StreamBroken extends RuntimeException {
        StreamBroken() {
            super("the stream broke off after it started");
        }
    }
}
