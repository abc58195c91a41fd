package dev.analyst.gateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code chat.completion.chunk}: one piece of a streamed answer. The last chunk asked for with
 * {@code stream_options.include_usage} has no choices and the usage; every other chunk has a null usage.
 */
record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        List<ChunkChoice> choices,
        @Nullable CompletionUsage usage) {

    private static final String OBJECT = "chat.completion.chunk";

    /** The first chunk names the role, as OpenAI's do, so clients know who is speaking before any text. */
    static ChatCompletionChunk role(String id, long created, String model) {
        return new ChatCompletionChunk(
                id, OBJECT, created, model, List.of(new ChunkChoice(0, new Delta("assistant", ""), null, null)), null);
    }

    static ChatCompletionChunk content(String id, long created, String model, String content) {
        return new ChatCompletionChunk(
                id, OBJECT, created, model, List.of(new ChunkChoice(0, new Delta(null, content), null, null)), null);
    }

    static ChatCompletionChunk stop(String id, long created, String model) {
        return new ChatCompletionChunk(
                id, OBJECT, created, model, List.of(new ChunkChoice(0, new Delta(null, null), null, "stop")), null);
    }

    static ChatCompletionChunk usage(String id, long created, String model, CompletionUsage usage) {
        return new ChatCompletionChunk(id, OBJECT, created, model, List.of(), usage);
    }

    record ChunkChoice(
            int index,
            Delta delta,
            @Nullable Object logprobs,
            @JsonProperty("finish_reason") @Nullable String finishReason) {}

    record Delta(@Nullable String role, @Nullable String content) {}
}
