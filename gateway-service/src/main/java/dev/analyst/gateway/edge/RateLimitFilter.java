package dev.analyst.gateway.edge;

import dev.analyst.gateway.auth.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts every authenticated {@code /api} and {@code /v1} request against its user's and its tenant's
 * limits and answers 429 with {@code Retry-After} once either is spent. Every counted answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds).
 */
final class RateLimitFilter implements WebFilter, Ordered {

    static final String LIMIT_HEADER = "RateLimit-Limit";
    static final String REMAINING_HEADER = "RateLimit-Remaining";
    static final String RESET_HEADER = "RateLimit-Reset";

    /** Longer than Redis ever takes when it is up; bounds what every request pays while it is down. */
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    /** The open paths that take a password or a refresh token: limited per client address. */
    private static final Set<String> SIGN_IN_PATHS =
            Set.of("/api/auth/register", "/api/auth/token", "/api/auth/login", "/api/auth/refresh");

    private final RateLimiter limiter;
    private final EdgeErrors errors;
    private final Counter userRefusals;
    private final Counter tenantRefusals;
    private final Counter addressRefusals;
    private final Counter failedOpen;

    RateLimitFilter(RateLimiter limiter, EdgeErrors errors, MeterRegistry meters) {
        this.limiter = limiter;
        this.errors = errors;
        this.userRefusals = refusals(meters, RateLimiter.Scope.USER);
        this.tenantRefusals = refusals(meters, RateLimiter.Scope.TENANT);
        this.addressRefusals = refusals(meters, RateLimiter.Scope.ADDRESS);
        this.failedOpen = Counter.builder("analyst.gateway.rate_limit.unavailable")
                .description("Requests let through unchecked because Redis could not count them")
                .register(meters);
    }

    private static Counter refusals(MeterRegistry meters, RateLimiter.Scope scope) {
        // Bounded labels only: the scope, never a tenant or user id.
        return Counter.builder("analyst.gateway.rate_limit.refused")
                .description("Requests refused with 429 because a rate limit was spent")
                .tag("scope", scope.label())
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        Mono<RateLimiter.Decision> take;
        if (caller != null && (isApiPath(path) || EdgeErrors.isOpenAiPath(path))) {
            take = limiter.take(caller);
        } else if (caller == null && SIGN_IN_PATHS.contains(path)) {
            var remote = exchange.getRequest().getRemoteAddress();
            take = limiter.takeForAddress(
                    remote == null || remote.getAddress() == null
                            ? "unknown"
                            : remote.getAddress().getHostAddress());
        } else {
            return chain.filter(exchange);
        }
        return take.timeout(REDIS_TIMEOUT)
                .map(Optional::of)
                // Fail open: Redis holds only these counters and the replay buffers of streams, and
                // refusing every call while it is down would turn a degraded feature (limits) into a
                // full outage. The counter and the warning make the gap visible to operators.
                .onErrorResume(failure -> {
                    failedOpen.increment();
                    log.warn("Rate limits not checked, Redis did not answer: {}", failure.toString());
                    return Mono.just(Optional.<RateLimiter.Decision>empty());
                })
                .flatMap(decision -> {
                    if (decision.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    var verdict = decision.get();
                    var headers = exchange.getResponse().getHeaders();
                    headers.set(LIMIT_HEADER, Long.toString(verdict.limit()));
                    headers.set(REMAINING_HEADER, Long.toString(verdict.remaining()));
                    headers.set(RESET_HEADER, Long.toString(verdict.resetSeconds()));
                    if (verdict.allowed()) {
                        return chain.filter(exchange);
                    }
                    return refuse(exchange, verdict);
                });
    }

    private Mono<Void> refuse(ServerWebExchange exchange, RateLimiter.Decision verdict) {
        var scope = verdict.refused();
        (switch (scope) {
                    case USER -> userRefusals;
                    case TENANT -> tenantRefusals;
                    case ADDRESS -> addressRefusals;
                })
                .increment();
        var seconds = verdict.resetSeconds();
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        var whose = switch (scope) {
            case USER -> "this user";
            case TENANT -> "this user's tenant";
            case ADDRESS -> "signing up, in or on from this address";
        };
        return errors.write(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests",
                "The rate limit of " + verdict.limit() + " requests for " + whose + " is spent; try again in " + seconds
                        + " s.",
                "rate_limit_error",
                "rate_limit_exceeded",
                Map.of("scope", scope.label(), "retryAfterSeconds", seconds));
    }

    static boolean isApiPath(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    @Override
    public int getOrder() {
        // After ApiKeyAuthenticationFilter (HIGHEST_PRECEDENCE + 10), which puts the caller in the exchange.
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
