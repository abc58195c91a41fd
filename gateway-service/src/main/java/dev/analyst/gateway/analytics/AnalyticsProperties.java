package dev.analyst.gateway.analytics;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the admin reports come from, bound from {@code analyst.gateway.analytics.*}.
 *
 * @param url the base URL of analytics-service ({@code ANALYST_ANALYTICS_URL})
 * @param connectTimeout how long to wait for a connection before answering 503
 */
@Validated
@ConfigurationProperties("analyst.gateway.analytics")
public record AnalyticsProperties(
        @NotNull @DefaultValue("http://localhost:8084") URI url,
        @NotNull @DefaultValue("2s") Duration connectTimeout) {}
