package dev.analyst.analytics.admin;

import java.util.stream.Collectors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Problem details that say what was wrong with a request: which field broke which rule, or why the
 * body could not be read, where Spring's defaults say only "Validation failure".
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        e.getBody()
                .setDetail(e.getFieldErrors().stream()
                        .map(error -> field(error) + " " + error.getDefaultMessage())
                        .collect(Collectors.joining("; ")));
        return super.handleWebExchangeBindException(e, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
            HandlerMethodValidationException e,
            HttpHeaders headers,
            HttpStatusCode status,
            ServerWebExchange exchange) {
        e.getBody()
                .setDetail(e.getParameterValidationResults().stream()
                        .flatMap(result -> result instanceof ParameterErrors body
                                // A body's fields, by name and with what was sent.
                                ? body.getFieldErrors().stream().map(error -> field(error) + " " + message(error))
                                : result.getResolvableErrors().stream()
                                        .map(error ->
                                                result.getMethodParameter().getParameterName() + " ("
                                                        + result.getArgument() + ") " + message(error)))
                        .collect(Collectors.joining("; ")));
        return super.handleHandlerMethodValidationException(e, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        e.getBody()
                .setDetail("The request could not be read: "
                        + (e.getReason() != null ? e.getReason() : "malformed")
                        + ". Send JSON of the documented shape (numbers as numbers).");
        return super.handleServerWebInputException(e, headers, status, exchange);
    }

    private static String field(FieldError error) {
        return error.getField() + " (" + error.getRejectedValue() + ")";
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is not valid";
    }
}
