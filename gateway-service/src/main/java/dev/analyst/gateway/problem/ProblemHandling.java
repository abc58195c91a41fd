package dev.analyst.gateway.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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
