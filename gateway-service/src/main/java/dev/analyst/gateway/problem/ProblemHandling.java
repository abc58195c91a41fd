package dev.analyst.gateway.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns the exceptions handlers throw (named ones extend {@link org.springframework.web.ErrorResponseException},
 * plus Spring's validation and binding errors) into problem details. The content type is fixed to
 * {@code application/problem+json} so an SSE request that fails (its Accept is text/event-stream)
 * still gets a JSON problem rather than an event.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    /**
     * Anything not named: a 503 with {@code Retry-After} while a dependency (PostgreSQL, Redis) is
     * unavailable, a 500 for anything else (a bug); neither reveals anything internal.
     */
    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> unexpected(Exception exception, ServerWebExchange exchange) {
        var request = exchange.getRequest();
        if (Unavailable.covers(exception)) {
            Unavailable.log(exchange, exception);
            var headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Unavailable.retryAfter());
            return createResponseEntity(Unavailable.problem(), headers, HttpStatus.SERVICE_UNAVAILABLE, exchange);
        }
        log.error("Unexpected failure of {} {}", request.getMethod(), request.getPath(), exception);
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; please try again.");
        problem.setTitle("Internal error");
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (!(body instanceof ProblemDetail)) {
            return super.createResponseEntity(body, headers, status, exchange);
        }
        var withType = new HttpHeaders();
        withType.putAll(headers);
        withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return Mono.just(new ResponseEntity<>(body, withType, status));
    }
}
