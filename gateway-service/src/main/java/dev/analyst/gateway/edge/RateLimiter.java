package dev.analyst.gateway.edge;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.auth.Caller;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Fixed-window request counters per user and per tenant in Redis, shared by every gateway instance.
 * A window starts with its first request and lasts {@code analyst.gateway.rate-limits.window}.
 */
@Component
class RateLimiter {

    /**
     * Checks both counters and, only if neither is spent, counts the request in both: atomically and in
     * one round trip. A refused request is not counted, so a user hammering a spent limit does not eat
     * into the rest of the tenant's. Answers {@code refused:limit:remaining:resetMillis}, where refused
     * is 0 (allowed), 1 (user) or 2 (tenant), and limit/remaining/reset are of the tighter counter.
     */
    private static final RedisScript<String> TAKE = RedisScript.of("""
            local limits = {tonumber(ARGV[1]), tonumber(ARGV[2])}
            local window = tonumber(ARGV[3])
            local function reset(key)
              local left = redis.call('PTTL', key)
              if left < 0 then
                redis.call('PEXPIRE', key, window)
                return window
              end
              return left
            end
            for i = 1, 2 do
              local count = tonumber(redis.call('GET', KEYS[i]) or '0')
              if count >= limits[i] then
                return table.concat({i, limits[i], 0, reset(KEYS[i])}, ':')
              end
            end
            local tightest, remaining, resetIn = 1, 0, window
            for i = 1, 2 do
              local left = limits[i] - redis.call('INCR', KEYS[i])
              local resetHere = reset(KEYS[i])
              if i == 1 or left < remaining then
                tightest, remaining, resetIn = i, left, resetHere
              end
            end
            return table.concat({0, limits[tightest], remaining, resetIn}, ':')
            """, String.class);

    private final ReactiveStringRedisTemplate redis;
    private final GatewayProperties.RateLimits limits;

    RateLimiter(ReactiveStringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.limits = properties.rateLimits();
    }

    /** Counts one request of the caller, or says which limit refuses it. */
    Mono<Decision> take(Caller caller) {
        // One hash tag per tenant puts both keys in one Redis Cluster slot, as a script needs.
        var tenant = "analyst:rate:{" + caller.tenantId() + "}";
        return redis.execute(
                        TAKE,
                        List.of(tenant + ":user:" + caller.userId(), tenant + ":tenant"),
                        List.of(
                                Integer.toString(limits.userPerMinute()),
                                Integer.toString(limits.tenantPerMinute()),
                                Long.toString(limits.window().toMillis())))
                .next()
                .map(RateLimiter::decision);
    }

    /**
     * Counts one call from a client address to the open sign-up, sign-in and refresh paths: they have no
     * caller, and unlimited they would let anyone guess passwords or make the gateway hash without end.
     */
    Mono<Decision> takeForAddress(String address) {
        var key = "analyst:rate:{signin:" + address + "}";
        var perWindow = Integer.toString(limits.signInPerMinute());
        return redis.execute(
                        TAKE,
                        List.of(key + ":address", key + ":address-twin"),
                        List.of(
                                perWindow,
                                perWindow,
                                Long.toString(limits.window().toMillis())))
                .next()
                .map(answer -> decision(answer, Scope.ADDRESS));
    }

    private static Decision decision(String answer) {
        return decision(answer, null);
    }

    /** @param onlyScope the scope either counter refuses as, or null for the user and tenant counters */
    private static Decision decision(String answer, @Nullable Scope onlyScope) {
        var parts = answer.split(":");
        var refused = switch (Integer.parseInt(parts[0])) {
            case 0 -> null;
            case 1 -> onlyScope != null ? onlyScope : Scope.USER;
            case 2 -> onlyScope != null ? onlyScope : Scope.TENANT;
            default -> throw new IllegalStateException("Unexpected rate limit answer " + answer);
        };
        return new Decision(
                refused,
                Long.parseLong(parts[1]),
                Math.max(0, Long.parseLong(parts[2])),
                Duration.ofMillis(Long.parseLong(parts[3])));
    }

    /** Whose limit a request counts against. */
    enum Scope {
        USER,
        TENANT,
        ADDRESS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The outcome for one request.
     *
     * @param refused the scope whose limit is spent, or null when the request may go on
     * @param limit the tighter (or the refusing) limit
     * @param remaining requests left in that limit's window
     * @param reset when that window ends
     */
    record Decision(@Nullable Scope refused, long limit, long remaining, Duration reset) {

        boolean allowed() {
            return refused == null;
        }

        /** Whole seconds until the window ends, at least 1 (a client waiting 0 s would only be refused again). */
        long resetSeconds() {
            return Math.max(1, (reset.toMillis() + 999) / 1000);
        }
    }
}
