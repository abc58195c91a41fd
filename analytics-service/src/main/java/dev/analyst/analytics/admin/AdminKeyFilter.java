package dev.analyst.analytics.admin;

import dev.analyst.analytics.AnalyticsProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a request into the analytics API only with the admin key, sent as {@code Authorization: Bearer <key>}
 * or {@code X-Admin-Key: <key>}: no key is 401, a wrong key 403, both as problem details.
 */
@Component
class AdminKeyFilter implements WebFilter, Ordered {

    static final String API_PREFIX = "/api/analytics/";
    static final String ADMIN_KEY_HEADER = "X-Admin-Key";
    private static final String BEARER = "Bearer ";

    private final byte @Nullable [] adminKeyDigest;
    private final ServerResponse.Context responseContext;

    AdminKeyFilter(AnalyticsProperties properties, ServerCodecConfigurer codecs) {
        // A blank key disables the API rather than opening it.
        this.adminKeyDigest = properties.adminKey().isBlank() ? null : sha256(properties.adminKey());
        this.responseContext = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return codecs.getWriters();
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(API_PREFIX)) {
            return chain.filter(exchange);
        }
        var presented = presentedKey(exchange.getRequest().getHeaders());
        if (presented == null) {
            return refuse(exchange, HttpStatus.UNAUTHORIZED, "Admin key required", path);
        }
        // Digests have equal length, so the comparison takes the same time whatever the key.
        if (adminKeyDigest == null || !MessageDigest.isEqual(adminKeyDigest, sha256(presented))) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "Admin key rejected", path);
        }
        return chain.filter(exchange);
    }

    private static @Nullable String presentedKey(HttpHeaders headers) {
        var authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            var token = authorization.substring(BEARER.length()).strip();
            if (!token.isEmpty()) {
                return token;
            }
        }
        var key = headers.getFirst(ADMIN_KEY_HEADER);
        return key == null || key.isBlank() ? null : key.strip();
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String title, String path) {
        var problem = ProblemDetail.forStatusAndDetail(
                status,
                status == HttpStatus.UNAUTHORIZED
                        ? "Send the admin key as 'Authorization: Bearer <key>' or '" + ADMIN_KEY_HEADER + ": <key>'."
                        : "The admin key does not match.");
        problem.setTitle(title);
        problem.setInstance(URI.create(path));
        var response = ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response = response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"analyst-admin\"");
        }
        return response.bodyValue(problem).flatMap(body -> body.writeTo(exchange, responseContext));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
