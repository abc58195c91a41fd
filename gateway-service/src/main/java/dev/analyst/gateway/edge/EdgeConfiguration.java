package dev.analyst.gateway.edge;

import dev.analyst.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    /** What a browser page on another origin may read of an answer, beyond the CORS-safelisted headers. */
    static final List<String> EXPOSED_HEADERS = List.of(
            "X-Run-Id",
            "X-Conversation-Id",
            HttpHeaders.CONTENT_LOCATION,
            HttpHeaders.LOCATION,
            HttpHeaders.ETAG,
            HttpHeaders.LINK,
            HttpHeaders.RETRY_AFTER,
            RateLimitFilter.LIMIT_HEADER,
            RateLimitFilter.REMAINING_HEADER,
            RateLimitFilter.RESET_HEADER);

    @Bean
    @ConditionalOnBooleanProperty(name = "analyst.gateway.rate-limits.enabled", matchIfMissing = true)
    RateLimitFilter rateLimitFilter(RateLimiter limiter, EdgeErrors errors, MeterRegistry meters) {
        return new RateLimitFilter(limiter, errors, meters);
    }

    @Bean
    RequestSizeFilter requestSizeFilter(GatewayProperties properties, EdgeErrors errors) {
        return new RequestSizeFilter(properties.requestLimits(), errors);
    }

    @Bean
    OrderedCorsFilter corsFilter(GatewayProperties properties) {
        var cors = properties.cors();
        var config = new CorsConfiguration();
        var origins = cors.allowedOrigins().stream()
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .toList();
        config.setAllowedOriginPatterns(origins);
        config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        config.setAllowedHeaders(List.of(
                HttpHeaders.AUTHORIZATION,
                HttpHeaders.CONTENT_TYPE,
                HttpHeaders.ACCEPT,
                "X-API-Key",
                "X-Workspace-Id",
                "Last-Event-ID",
                "Prefer",
                HttpHeaders.CONTENT_DISPOSITION,
                HttpHeaders.IF_NONE_MATCH));
        config.setExposedHeaders(EXPOSED_HEADERS);
        // Keys travel in headers, never cookies, so credentialed requests are not needed.
        config.setAllowCredentials(false);
        config.setMaxAge(cors.maxAge());
        var source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", config);
        source.registerCorsConfiguration("/v1/**", config);
        return new OrderedCorsFilter(source, !origins.isEmpty());
    }

    /**
     * Spring's CORS filter, first in the chain: a preflight carries no credentials, so it must be answered
     * before authentication could refuse it.
     *
     * <p>With no origin configured it stands aside and the browser's same-origin policy is the whole
     * story. Processing anyway would refuse the gateway's own page behind a TLS-terminating proxy, whose
     * {@code Origin} (https) differs from the URL the gateway sees (http).
     */
    static final class OrderedCorsFilter extends CorsWebFilter implements Ordered {

        private final boolean enabled;

        OrderedCorsFilter(UrlBasedCorsConfigurationSource source, boolean enabled) {
            super(source);
            this.enabled = enabled;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return enabled ? super.filter(exchange, chain) : chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
