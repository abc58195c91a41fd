package dev.analyst.execution.cache;

import dev.analyst.contracts.ResultTable;
import dev.analyst.execution.ExecutionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step results in Redis. The key holds the tenant and the dataset version, so one tenant never reads
 * another's results and a new version makes older entries unreachable. Redis is an optimisation: when it
 * fails, steps run uncached and the cache is skipped for a moment rather than slowing every step.
 */
@Component
public class ResultCache {

    private static final Logger log = LoggerFactory.getLogger(ResultCache.class);

    private final ReactiveStringRedisTemplate redis;

    private final JsonMapper writer;

    // Numbers read back exactly as they were written: integers as Long, decimals as BigDecimal.
    private final JsonMapper reader;

    private final ExecutionProperties.Cache settings;

    private final Counter hits;

    private final Counter misses;

    private final AtomicLong bypassUntilNanos = new AtomicLong(System.nanoTime());

    ResultCache(
            ReactiveStringRedisTemplate redis,
            JsonMapper mapper,
            ExecutionProperties properties,
            MeterRegistry meters) {
        this.redis = redis;
        this.writer = mapper;
        this.reader = mapper.rebuild()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_LONG_FOR_INTS)
                .build();
        this.settings = properties.cache();
        this.hits = Counter.builder("analyst.execution.cache")
                .description("Step result cache lookups")
                .tag("result", "hit")
                .register(meters);
        this.misses = Counter.builder("analyst.execution.cache")
                .description("Step result cache lookups")
                .tag("result", "miss")
                .register(meters);
    }

    /** The key of a result: tenant, dataset and version, the SHA-256 of the normalised SQL, the row cap. */
    public static String key(String tenantId, UUID datasetId, long version, String normalisedSql, int rowLimit) {
        return "analyst:result:" + tenantId + ":" + datasetId + ":" + version + ":" + sha256(normalisedSql) + ":"
                + rowLimit;
    }

    /** The cached result, or empty on a miss, a Redis failure or a slow Redis. */
    public Mono<ResultTable> get(String key) {
        if (bypassed()) {
            misses.increment();
            return Mono.empty();
        }
        return redis.opsForValue()
                .get(key)
                .timeout(settings.timeout())
                .onErrorResume(e -> {
                    bypassAfter(e);
                    return Mono.empty();
                })
                .flatMap(this::parse)
                .doOnNext(table -> hits.increment())
                .switchIfEmpty(Mono.fromRunnable(misses::increment));
    }

    /** An entry that no longer reads as a result (say, written by an older version) is a miss. */
    private Mono<ResultTable> parse(String json) {
        return Mono.fromCallable(() -> reader.readValue(json, ResultTable.class))
                .onErrorResume(e -> Mono.empty());
    }

    /** Stores a result; completes quietly whether or not Redis took it. */
    public Mono<Void> put(String key, ResultTable table) {
        if (bypassed()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> writer.writeValueAsString(table))
                .flatMap(json -> redis.opsForValue().set(key, json, settings.ttl()))
                .timeout(settings.timeout())
                .onErrorResume(e -> {
                    bypassAfter(e);
                    return Mono.just(false);
                })
                .then();
    }

    private boolean bypassed() {
        return System.nanoTime() - bypassUntilNanos.get() < 0;
    }

    private void bypassAfter(Throwable failure) {
        Duration pause = settings.pauseAfterFailure();
        long until = System.nanoTime() + pause.toNanos();
        long previous = bypassUntilNanos.getAndSet(until);
        if (System.nanoTime() - previous >= 0) {
            log.warn(
                    "The result cache is unavailable ({}); running steps uncached for {}",
                    failure.getClass().getSimpleName(),
                    pause);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
