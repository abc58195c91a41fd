package dev.analyst.gateway.openai;

import org.jspecify.annotations.Nullable;

/** OpenAI's error JSON, {@code {"error": {...}}}: every error on {@code /v1}, and a failed stream's last chunk. */
record ErrorBody(Detail error) {

    /**
     * @param type {@code invalid_request_error}, {@code authentication_error}, {@code insufficient_quota},
     *     {@code server_error}, ...
     * @param param the request field at fault, or null
     * @param code a stable machine-readable code such as {@code model_not_found}, or null
     */
    record Detail(
            String message,
            String type,
            @Nullable String param,
            @Nullable String code) {}
}
