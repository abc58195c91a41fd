package dev.analyst.gateway.openai;

import dev.analyst.contracts.run.RunFailed;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A request to {@code /v1} that fails, with the status and the error OpenAI clients expect: their SDKs pick
 * the exception by status, and chat front ends show {@code message}.
 */
final class OpenAiError extends RuntimeException {

    private final HttpStatus status;
    private final ErrorBody.Detail detail;

    OpenAiError(HttpStatus status, String message, String type, @Nullable String param, @Nullable String code) {
        super(message);
        this.status = status;
        this.detail = new ErrorBody.Detail(message, type, param, code);
    }

    HttpStatus status() {
        return status;
    }

    ErrorBody body() {
        return new ErrorBody(detail);
    }

    static OpenAiError invalidRequest(String message, @Nullable String param, @Nullable String code) {
        return new OpenAiError(HttpStatus.BAD_REQUEST, message, "invalid_request_error", param, code);
    }

    static OpenAiError modelNotFound(String model) {
        return new OpenAiError(
                HttpStatus.NOT_FOUND,
                "The model '" + model + "' does not exist. GET /v1/models lists the analyst's models.",
                "invalid_request_error",
                "model",
                "model_not_found");
    }

    static OpenAiError serverError(String message) {
        return new OpenAiError(HttpStatus.INTERNAL_SERVER_ERROR, message, "server_error", null, null);
    }

    /**
     * A run that could not answer. An exhausted budget is OpenAI's {@code insufficient_quota} (429), so
     * clients treat it as a quota to raise rather than a request to fix; a question the analyst could not
     * take is the request's fault (400); anything else is ours (500). The reason becomes the code.
     */
    static OpenAiError runFailed(RunFailed failed) {
        var code = failed.reason().replace('-', '_');
        return switch (failed.reason()) {
            case "budget-exhausted" ->
                new OpenAiError(
                        HttpStatus.TOO_MANY_REQUESTS,
                        failed.message(),
                        "insufficient_quota",
                        null,
                        "insufficient_quota");
            case "no-dataset", "not-understood", "refused" ->
                new OpenAiError(HttpStatus.BAD_REQUEST, failed.message(), "invalid_request_error", null, code);
            default -> new OpenAiError(HttpStatus.INTERNAL_SERVER_ERROR, failed.message(), "server_error", null, code);
        };
    }
}
