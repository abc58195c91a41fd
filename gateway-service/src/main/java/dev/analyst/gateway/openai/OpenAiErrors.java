package dev.analyst.gateway.openai;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes OpenAI's error from code that runs before any handler (the authentication filter), so that
 * {@code /v1} refuses a key the way OpenAI does while {@code /api} keeps its problem details.
 */
@Component
public final class OpenAiErrors {

    private final JsonMapper mapper;

    public OpenAiErrors(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether the path is the OpenAI-compatible API's, whose errors this writes. */
    public static boolean covers(String path) {
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    /** A 401 {@code authentication_error}; the message never repeats the key. */
    public Mono<Void> unauthorized(ServerWebExchange exchange, boolean keyPresented) {
        var error = keyPresented
                ? new OpenAiError(
                        HttpStatus.UNAUTHORIZED,
                        "Incorrect API key provided.",
                        "authentication_error",
                        null,
                        "invalid_api_key")
                : new OpenAiError(
                        HttpStatus.UNAUTHORIZED,
                        "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.",
                        "authentication_error",
                        null,
                        "missing_api_key");
        return write(exchange, error);
    }

    /** A 403 {@code permission_error} for a workspace ({@code X-Workspace-Id}) the caller is not in. */
    public Mono<Void> workspaceRefused(ServerWebExchange exchange) {
        return write(
                exchange,
                new OpenAiError(
                        HttpStatus.FORBIDDEN,
                        "The workspace does not exist or you are not a member of it.",
                        "permission_error",
                        null,
                        "workspace_not_available"));
    }

    private Mono<Void> write(ServerWebExchange exchange, OpenAiError error) {
        var response = exchange.getResponse();
        response.setStatusCode(error.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        var json = mapper.writeValueAsString(error.body()).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }
}
