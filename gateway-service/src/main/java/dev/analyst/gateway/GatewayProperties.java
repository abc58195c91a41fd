package dev.analyst.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's settings, bound from {@code analyst.gateway.*}.
 *
 * @param apiKeys {@code key:tenant:user} entries (from {@code ANALYST_API_KEYS}); none means every API call
 *     is refused
 */
@Validated
@ConfigurationProperties("analyst.gateway")
public record GatewayProperties(
        @DefaultValue List<String> apiKeys,
        @Valid @DefaultValue Ingestion ingestion,
        @Valid @DefaultValue Sse sse,
        @Valid @DefaultValue RunStream runStream,
        @Valid @DefaultValue Outbox outbox,
        @Valid @DefaultValue DatasetStream datasetStream,
        @Valid @DefaultValue RateLimits rateLimits,
        @Valid @DefaultValue RequestLimits requestLimits,
        @Valid @DefaultValue Cors cors) {

    /**
     * Where uploads and dataset calls go.
     *
     * @param url the base URL of ingestion-service ({@code ANALYST_INGESTION_URL})
     * @param connectTimeout how long to wait for a connection before answering 503
     */
    public record Ingestion(
            @NotNull @DefaultValue("http://localhost:8083") URI url,
            @NotNull @DefaultValue("2s") Duration connectTimeout) {}

    /**
     * Server-sent event streams.
     *
     * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
     * @param bufferSize the most live events a stream holds for a client that reads slower than they come;
     *     past it the stream drops them and reads on from the run's Redis stream, where they all are
     */
    public record Sse(
            @NotNull @DefaultValue("15s") Duration heartbeat,
            @Positive @DefaultValue("256") int bufferSize) {}

    /**
     * The per-run Redis streams that make SSE resumable from any instance.
     *
     * @param ttl how long a run's events stay replayable after its last event
     * @param deadline how long after its question was accepted a run without an ending fails as {@code
     *     timed-out}: the last guard for a question nobody will answer (lost before the agent's run began)
     */
    public record RunStream(
            @NotNull @DefaultValue("24h") Duration ttl,
            @NotNull @DefaultValue("30m") Duration deadline) {}

    /**
     * The per-dataset Redis streams of load progress that {@code GET /api/datasets/{id}/events} serves.
     *
     * @param ttl how long a dataset's progress stays replayable after its last event
     * @param pollInterval how often an open stream looks for new progress
     */
    public record DatasetStream(
            @NotNull @DefaultValue("1h") Duration ttl,
            @NotNull @DefaultValue("250ms") Duration pollInterval) {}

    /**
     * The transactional outbox relay.
     *
     * @param pollInterval how often the relay looks for rows a crash left behind
     * @param batchSize how many rows one pass publishes
     */
    public record Outbox(
            @NotNull @DefaultValue("500ms") Duration pollInterval,
            @Min(1) @Max(10_000) @DefaultValue("100") int batchSize) {}

    /**
     * Requests per caller in a fixed window, counted in Redis so every gateway instance shares them.
     *
     * @param enabled whether {@code /api} and {@code /v1} calls are counted at all
     * @param userPerMinute calls one user may make per window ({@code ANALYST_RATE_LIMIT_USER_PER_MINUTE})
     * @param tenantPerMinute calls all users of a tenant may make together per window
     *     ({@code ANALYST_RATE_LIMIT_TENANT_PER_MINUTE})
     * @param window the window the limits count over: one minute unless a test wants otherwise
     * @param signInPerMinute calls one client address may make per window to the open sign-up, sign-in and
     *     refresh paths, which have no caller to count against ({@code ANALYST_RATE_LIMIT_SIGN_IN_PER_MINUTE})
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("600") int userPerMinute,
            @Min(1) @DefaultValue("6000") int tenantPerMinute,
            @NotNull @DefaultValue("1m") Duration window,
            @Min(1) @DefaultValue("20") int signInPerMinute) {}

    /**
     * The largest request bodies the gateway accepts; bigger ones are answered 413 before they are read.
     *
     * @param maxJsonBody a JSON (or any non-upload) request body ({@code ANALYST_MAX_JSON_BODY})
     * @param maxUpload a file upload forwarded to ingestion-service ({@code ANALYST_MAX_UPLOAD_SIZE}, shared with ingestion-service)
     */
    public record RequestLimits(
            @NotNull @DefaultValue("1MB") DataSize maxJsonBody,
            @NotNull @DefaultValue("1GB") DataSize maxUpload) {}

    /**
     * Cross-origin access to {@code /api} and {@code /v1} from browser pages served elsewhere.
     *
     * @param allowedOrigins origins (or patterns such as {@code https://*.example.com}) allowed to call;
     *     none (the default) means same-origin only ({@code ANALYST_CORS_ALLOWED_ORIGINS})
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(
            @DefaultValue List<String> allowedOrigins,
            @NotNull @DefaultValue("30m") Duration maxAge) {}
}
