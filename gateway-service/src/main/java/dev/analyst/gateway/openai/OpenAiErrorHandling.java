package dev.analyst.gateway.openai;

import dev.analyst.gateway.problem.Unavailable;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Every error of the {@code /v1} handlers in OpenAI's shape. It comes before the gateway's problem
 * details, which stay the answer everywhere else.
 */
@RestControllerAdvice(assignableTypes = OpenAiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenAiErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorHandling.class);

    @ExceptionHandler(OpenAiError.class)
    ResponseEntity<ErrorBody> openAi(OpenAiError error) {
        return respond(error);
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ErrorBody> notJson(UnsupportedMediaTypeStatusException exception) {
        return respond(OpenAiError.invalidRequest(
                "Send the request body as JSON, with 'Content-Type: application/json'.", null, null));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ErrorBody> unreadable(ServerWebInputException exception) {
        // Jackson's message names our classes; the client needs to know only that its JSON was not read.
        return respond(OpenAiError.invalidRequest(
                "We could not parse the JSON body of your request; see the OpenAI chat completions reference.",
                null,
                null));
    }

    /**
     * The gateway's named failures (a conversation that is not the caller's, an agent turned off) keep
     * their status and detail; their title becomes the code, {@code conversation_not_found}.
     */
    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ErrorBody> named(ErrorResponseException exception) {
        var status = HttpStatus.valueOf(exception.getStatusCode().value());
        if (status.is5xxServerError()) {
            return serverError(exception);
        }
        var problem = exception.getBody();
        var message = problem.getDetail() != null ? problem.getDetail() : status.getReasonPhrase();
        var code = problem.getTitle() == null
                ? null
                : problem.getTitle().strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        var type = status == HttpStatus.UNAUTHORIZED
                ? "authentication_error"
                : status == HttpStatus.FORBIDDEN ? "permission_error" : "invalid_request_error";
        return respond(new OpenAiError(status, message, type, null, code));
    }

    /**
     * Anything not named: a 503 with {@code Retry-After} while a dependency (PostgreSQL, Redis) is
     * unavailable (OpenAI's SDKs retry those), a 500 for anything else; neither reveals anything internal.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception exception, ServerWebExchange exchange) {
        var request = exchange.getRequest();
        if (Unavailable.covers(exception)) {
            Unavailable.log(exchange, exception);
            var error = new OpenAiError(
                    HttpStatus.SERVICE_UNAVAILABLE, Unavailable.DETAIL, "server_error", null, Unavailable.CODE);
            return ResponseEntity.status(error.status())
                    .header(HttpHeaders.RETRY_AFTER, Unavailable.retryAfter())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(error.body());
        }
        log.error("Unexpected failure of {} {}", request.getMethod(), request.getPath(), exception);
        return respond(OpenAiError.serverError("Something went wrong on our side; please try again."));
    }

    private ResponseEntity<ErrorBody> serverError(Exception exception) {
        log.error("Unexpected failure of an OpenAI-compatible request", exception);
        return respond(OpenAiError.serverError("Something went wrong on our side; please try again."));
    }

    private static ResponseEntity<ErrorBody> respond(OpenAiError error) {
        return ResponseEntity.status(error.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(error.body());
    }
}
