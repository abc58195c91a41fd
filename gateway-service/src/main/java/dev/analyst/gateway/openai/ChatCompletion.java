package dev.analyst.gateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** OpenAI's {@code chat.completion}: the analyst's whole answer as one assistant message. */
record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        CompletionUsage usage,
        @JsonProperty("system_fingerprint") @Nullable String systemFingerprint) {

    static ChatCompletion of(String id, long created, String model, String content, CompletionUsage usage) {
        return new ChatCompletion(
                id,
                "chat.completion",
                created,
                model,
                List.of(new Choice(0, new AssistantMessage("assistant", content, null), null, "stop")),
                usage,
                null);
    }

    /** OpenAI clients read {@code logprobs} and {@code refusal} as present-but-null, so they are sent as nulls. */
    record Choice(
            int index,
            AssistantMessage message,
            @Nullable Object logprobs,
            @JsonProperty("finish_reason") String finishReason) {}

    record AssistantMessage(
            String role, String content, @Nullable String refusal) {}
}
