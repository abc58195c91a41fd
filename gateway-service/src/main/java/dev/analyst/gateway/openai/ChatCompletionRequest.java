package dev.analyst.gateway.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/chat/completions}: the part of OpenAI's request the analyst uses. Every
 * field may be missing so that a bad request gets OpenAI's error shape from our own checks rather than a
 * binding error; sampling settings ({@code temperature}, {@code n}, ...) mean nothing to the analyst and are
 * ignored.
 *
 * @param user OpenAI's end-user id; ignored, because who asks is the API key's caller, never a field the
 *     caller can set
 * @param metadata {@code dataset} names the dataset to ask about, {@code conversation_id} continues a
 *     conversation (its id is in the {@code X-Conversation-Id} header of an earlier answer)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatCompletionRequest(
        @Nullable String model,
        @Nullable List<Message> messages,
        @Nullable Boolean stream,
        @JsonProperty("stream_options") @Nullable StreamOptions streamOptions,
        @Nullable String user,
        @Nullable Map<String, String> metadata) {

    boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }

    boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /**
     * One message of the conversation so far.
     *
     * @param content a string, or an array of content parts of which the {@code text} ones are read
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(@Nullable String role, @Nullable JsonNode content) {

        /** The message's text: the string, or its text parts joined by newlines; empty when it has none. */
        String text() {
            if (content == null || content.isNull()) {
                return "";
            }
            if (content.isString()) {
                return content.stringValue();
            }
            var text = new StringBuilder();
            if (content.isArray()) {
                for (var part : content) {
                    var type = part.get("type");
                    var value = part.get("text");
                    if (type != null && "text".equals(type.stringValue()) && value != null && value.isString()) {
                        text.append(text.isEmpty() ? "" : "\n").append(value.stringValue());
                    }
                }
            }
            return text.toString();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StreamOptions(
            @JsonProperty("include_usage") @Nullable Boolean includeUsage) {}
}
