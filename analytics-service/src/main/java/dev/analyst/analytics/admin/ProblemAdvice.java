package dev.analyst.analytics.admin;

import dev.analyst.contracts.delivery.Failures;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.annotation.ExceptionHandler;
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

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** About as long as the connection pool takes to notice PostgreSQL is back. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

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

    /**
     * A 503 with {@code Retry-After} while PostgreSQL (or another dependency) is unavailable, so the
     * admin view says to try again rather than showing an internal error; anything else goes on to
     * Spring Boot's error handling.
     */
    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> unavailable(Exception e, ServerWebExchange exchange) throws Exception {
        if (!Failures.isTransient(e)) {
            throw e;
        }
        log.warn(
                "{} {} failed, a dependency is unavailable: {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                NestedExceptionUtils.getMostSpecificCause(e).toString());
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The service is temporarily unavailable, try again shortly.");
        problem.setTitle("Service unavailable");
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
        return createResponseEntity(problem, headers, HttpStatus.SERVICE_UNAVAILABLE, exchange);
    }

    private static String field(FieldError error) {
        return error.getField() + " (" + error.getRejectedValue() + ")";
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is not valid";
    }
}
