package dev.analyst.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.problem.ProblemResponses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

class RateLimitFilterTests {

    @Test
    void letsRequestsThroughAndCountsThemWhenRedisCannotBeReached() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", closedPort));
        redis.afterPropertiesSet();
        redis.start();
        try {
            var meters = new SimpleMeterRegistry();
            var limiter = new RateLimiter(new ReactiveStringRedisTemplate(redis), properties());
            var filter = new RateLimitFilter(
                    limiter,
                    new EdgeErrors(new ProblemResponses(ServerCodecConfigurer.create()), new JsonMapper()),
                    meters);
            var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/conversations"));
            exchange.getAttributes().put(Caller.ATTRIBUTE, new Caller("acme", "alice"));
            var reachedHandler = new AtomicBoolean();

            filter.filter(exchange, served -> {
                        reachedHandler.set(true);
                        return Mono.empty();
                    })
                    .block(Duration.ofSeconds(10));

            assertThat(reachedHandler).as("fails open").isTrue();
            assertThat(exchange.getResponse().getStatusCode()).isNull();
            assertThat(meters.get("analyst.gateway.rate_limit.unavailable")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        } finally {
            redis.destroy();
        }
    }

    private static GatewayProperties properties() {
        return new GatewayProperties(
                List.of(),
                new GatewayProperties.Ingestion(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)),
                new GatewayProperties.Sse(Duration.ofSeconds(15), 256),
                new GatewayProperties.RunStream(Duration.ofHours(24), Duration.ofMinutes(30)),
                new GatewayProperties.Outbox(Duration.ofMillis(500), 100),
                new GatewayProperties.DatasetStream(Duration.ofHours(1), Duration.ofMillis(250)),
                new GatewayProperties.RateLimits(true, 1, 1, Duration.ofMinutes(1), 20),
                new GatewayProperties.RequestLimits(DataSize.ofMegabytes(1), DataSize.ofGigabytes(1)),
                new GatewayProperties.Cors(List.of(), Duration.ofMinutes(30)));
    }
}
