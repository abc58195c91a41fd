package dev.analyst.execution.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.execution.ExecutionProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class ResultCacheTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private LettuceConnectionFactory connections;

    @AfterEach
    void closeConnections() {
        if (connections != null) {
            connections.destroy();
        }
    }

    @Test
    void keysSeparateTenantsDatasetVersionsQueriesAndRowCaps() {
        UUID dataset = UUID.randomUUID();
        String key = ResultCache.key("acme", dataset, 3, "SELECT 1", 100);

        assertThat(key).startsWith("analyst:result:acme:" + dataset + ":3:").endsWith(":100");
        assertThat(key)
                .isNotEqualTo(ResultCache.key("globex", dataset, 3, "SELECT 1", 100))
                .isNotEqualTo(ResultCache.key("acme", dataset, 4, "SELECT 1", 100))
                .isNotEqualTo(ResultCache.key("acme", dataset, 3, "SELECT 2", 100))
                .isNotEqualTo(ResultCache.key("acme", dataset, 3, "SELECT 1", 10));
    }

    @Test
    void runsUncachedWhenRedisIsDown() throws IOException {
        ResultCache cache = cacheAgainst(unusedPort());
        var table = new ResultTable(List.of(new ResultColumn("n", "int8")), List.of(List.of(1L)), false);

        StepVerifier.create(cache.put("k", table)).expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(cache.get("k")).expectComplete().verify(Duration.ofSeconds(5));
        // After a failure the cache steps aside: the next lookup does not wait for Redis at all.
        StepVerifier.create(cache.get("k")).expectComplete().verify(Duration.ofMillis(50));

        assertThat(meters.get("analyst.execution.cache")
                        .tag("result", "miss")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    private ResultCache cacheAgainst(int port) {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        connections.start();
        var properties = new ExecutionProperties(
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                new ExecutionProperties.Rows(1000, 10000),
                new ExecutionProperties.Cache(Duration.ofMinutes(10), Duration.ofMillis(250), Duration.ofSeconds(10)),
                new ExecutionProperties.External(4, Duration.ofSeconds(5), Duration.ofMinutes(5)),
                new ExecutionProperties.Bulkhead(4, 16, 200, Duration.ofSeconds(60)),
                new ExecutionProperties.Cost(5e7),
                "unused");
        return new ResultCache(
                new ReactiveStringRedisTemplate(connections),
                JsonMapper.builder().build(),
                properties,
                meters);
    }

    private static int unusedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
