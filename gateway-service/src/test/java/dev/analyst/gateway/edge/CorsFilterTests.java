package dev.analyst.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.gateway.GatewayProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;

class CorsFilterTests {

    @Test
    void grantsNoCrossOriginAccessWhenNoOriginIsConfigured() {
        var filter = new EdgeConfiguration().corsFilter(properties(List.of()));
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("http://gateway.test/api/questions")
                .header(HttpHeaders.ORIGIN, "https://gateway.example.com"));
        var passedOn = new AtomicBoolean();

        filter.filter(exchange, served -> {
                    passedOn.set(true);
                    return Mono.empty();
                })
                .block(Duration.ofSeconds(5));

        assertThat(passedOn).as("left to authentication and the handler").isTrue();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
        assertThat(exchange.getResponse().getHeaders().getAccessControlAllowOrigin())
                .isNull();
    }

    @Test
    void grantsAConfiguredOriginAndItAlone() {
        var filter = new EdgeConfiguration().corsFilter(properties(List.of("https://*.example.com")));
        var allowed = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/api/conversations")
                .header(HttpHeaders.ORIGIN, "https://app.example.com"));
        var refused = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/api/conversations")
                .header(HttpHeaders.ORIGIN, "https://example.org"));

        filter.filter(allowed, served -> Mono.empty()).block(Duration.ofSeconds(5));
        filter.filter(refused, served -> Mono.empty()).block(Duration.ofSeconds(5));

        assertThat(allowed.getResponse().getHeaders().getAccessControlAllowOrigin())
                .isEqualTo("https://app.example.com");
        assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(403);
    }

    private static GatewayProperties properties(List<String> origins) {
        return new GatewayProperties(
                List.of(),
                new GatewayProperties.Ingestion(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)),
                new GatewayProperties.Sse(Duration.ofSeconds(15), 256),
                new GatewayProperties.RunStream(Duration.ofHours(24), Duration.ofMinutes(30)),
                new GatewayProperties.Outbox(Duration.ofMillis(500), 100),
                new GatewayProperties.DatasetStream(Duration.ofHours(1), Duration.ofMillis(250)),
                new GatewayProperties.RateLimits(true, 1, 1, Duration.ofMinutes(1), 20),
                new GatewayProperties.RequestLimits(DataSize.ofMegabytes(1), DataSize.ofGigabytes(1)),
                new GatewayProperties.Cors(origins, Duration.ofMinutes(30)));
    }
}
