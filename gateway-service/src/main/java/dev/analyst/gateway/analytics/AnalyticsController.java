package dev.analyst.gateway.analytics;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Read-only reports of cost and usage for the page's admin view. Outside {@code /api}, so no user credential is
 * asked for: the administrator key is the credential, and analytics-service checks it.
 */
@RestController
class AnalyticsController {

    private final AnalyticsClient analytics;

    AnalyticsController(AnalyticsClient analytics) {
        this.analytics = analytics;
    }

    @GetMapping(AnalyticsClient.PREFIX + "/**")
    Mono<ResponseEntity<Flux<DataBuffer>>> read(ServerWebExchange exchange) {
        return analytics.forward(exchange.getRequest());
    }
}
