package dev.analyst.gateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * OpenAI's token counts, estimated. Run events do not carry token usage (the model calls are metered on
 * {@code analyst.usage.v1} for analytics, and several models may serve one run, the built-in one counting
 * nothing), so the gateway reports what a client can budget with: about one token per four characters of
 * the question's messages and of the answer's content.
 */
record CompletionUsage(
        @JsonProperty("prompt_tokens") long promptTokens,
        @JsonProperty("completion_tokens") long completionTokens,
        @JsonProperty("total_tokens") long totalTokens) {

    static final int CHARACTERS_PER_TOKEN = 4;

    static CompletionUsage estimate(List<String> prompt, String completion) {
        var promptTokens = prompt.stream().mapToLong(CompletionUsage::tokens).sum();
        var completionTokens = tokens(completion);
        return new CompletionUsage(promptTokens, completionTokens, promptTokens + completionTokens);
    }

    /** Code points, not chars, so text outside the BMP is not counted twice; at least one token per non-empty text. */
    static long tokens(String text) {
        var characters = text.codePointCount(0, text.length());
        return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
    }
}
