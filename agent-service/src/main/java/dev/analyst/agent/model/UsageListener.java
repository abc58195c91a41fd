package dev.analyst.agent.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Meters every call of every hosted model, failed calls included, from what the provider reported:
 * tokens in and out, cached input, latency and time to the first streamed piece. Each call is both
 * published with its run (for billing) and recorded as the OpenTelemetry GenAI client metrics.
 */
final class UsageListener implements ChatModelListener {

    private final GenAiMetrics metrics;

    UsageListener(GenAiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        var call = call(context.attributes());
        if (call != null) {
            var usage = context.chatResponse().tokenUsage();
            call.record(
                    count(usage == null ? null : usage.inputTokenCount()),
                    count(usage == null ? null : usage.outputTokenCount()),
                    cached(usage),
                    true);
            metrics.answered(
                    call.target(),
                    context.chatResponse().modelName(),
                    usage == null ? null : usage.inputTokenCount(),
                    usage == null ? null : usage.outputTokenCount(),
                    call.elapsedNanos(),
                    call.firstPieceNanos());
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        var call = call(context.attributes());
        if (call != null) {
            call.record(0, 0, 0, false);
            metrics.failed(call.target(), errorType(context.error()), call.elapsedNanos(), call.firstPieceNanos());
        }
    }

    /**
     * The conventions' {@code error.type}: the provider's HTTP status, {@code timeout}, or the
     * exception's class name; all of them few.
     */
    static String errorType(@Nullable Throwable error) {
        return switch (error) {
            case null -> "_OTHER";
            case HttpException http -> Integer.toString(http.statusCode());
            case TimeoutException ignored -> "timeout";
            case java.util.concurrent.TimeoutException ignored -> "timeout";
            case HostedModel.TimedOut ignored -> "timeout";
            default ->
                error.getCause() != null && error.getCause() != error
                        ? errorType(error.getCause())
                        : error.getClass().getName();
        };
    }

    private static @Nullable ModelCall call(Map<Object, Object> attributes) {
        return attributes.get(ModelCall.ATTRIBUTE) instanceof ModelCall call ? call : null;
    }

    private static long cached(@Nullable TokenUsage usage) {
        return switch (usage) {
            case OpenAiTokenUsage openAi
            when openAi.inputTokensDetails() != null ->
                count(openAi.inputTokensDetails().cachedTokens());
            case AnthropicTokenUsage anthropic -> count(anthropic.cacheReadInputTokens());
            case null, default -> 0;
        };
    }

    private static long count(@Nullable Integer tokens) {
        return tokens == null ? 0 : tokens;
    }
}
