package dev.analyst.gateway.edge;

import dev.analyst.gateway.problem.Unavailable;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A 503 with {@code Retry-After} for a dependency outage that happens before any handler, in a web filter
 * (authenticating an account's token reads PostgreSQL): the handlers' advice never sees those, and Spring
 * Boot's error handler would answer 500. Runs before Boot's; anything else goes on to it.
 */
@Component
class UnavailableDependencyHandler implements WebExceptionHandler, Ordered {

    private final EdgeErrors errors;

    UnavailableDependencyHandler(EdgeErrors errors) {
        this.errors = errors;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (!Unavailable.covers(failure) || exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        Unavailable.log(exchange, failure);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Unavailable.retryAfter());
        return errors.write(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                Unavailable.TITLE,
                Unavailable.DETAIL,
                "server_error",
                Unavailable.CODE,
                Map.of());
    }

    @Override
    public int getOrder() {
        // Spring Boot's ErrorWebExceptionHandler is at -1.
        return -2;
    }
}
