package dev.analyst.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.agent.budget.Spending;
import dev.analyst.agent.model.ModelProperties.Kind;
import dev.analyst.agent.model.ModelProperties.Provider;
import dev.analyst.agent.model.ScriptedModelServer.Answer;
import dev.analyst.agent.model.ScriptedModelServer.Status;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GenAI client metrics a hosted model's calls record, as the OpenTelemetry conventions name them. */
class GenAiMetricsTests {

    private static final List<ChatMessage> MESSAGES = List.of(UserMessage.from("Say hello."));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Metering metering = new Metering(UUID.randomUUID(), "acme", "ada", (call, recorded) -> {});
    private ScriptedModelServer server;

    @BeforeEach
    void start() {
        server = new ScriptedModelServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HostedModel model() {
        var properties = new ModelProperties(
                Map.of("scripted", new Provider(Kind.OPENAI_COMPATIBLE, server.baseUrl(), null)),
                List.of("scripted:test-model"),
                Map.of(),
                "",
                Duration.ofSeconds(5),
                1,
                Duration.ofMillis(10),
                Duration.ofMinutes(1));
        return new HostedModels(properties, registry, Spending.UNLIMITED)
                .chain(Role.PLANNER)
                .getFirst();
    }

    @Test
    void recordsTokenUsageAndDurationWithTheConventionsAttributesAndBuckets() {
        server.then(new Answer("Hello.", 120, 7, 0, Duration.ZERO));

        model().complete("plan", metering, MESSAGES, null);

        var host = URI.create(server.baseUrl()).getHost();
        var port = Integer.toString(URI.create(server.baseUrl()).getPort());
        var input = registry.get("gen_ai.client.token.usage")
                .tag("gen_ai.token.type", "input")
                .tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "openai")
                .tag("gen_ai.request.model", "test-model")
                .tag("gen_ai.response.model", "scripted")
                .tag("server.address", host)
                .tag("server.port", port)
                .summary();
        assertThat(input.totalAmount()).isEqualTo(120);
        assertThat(Arrays.stream(input.takeSnapshot().histogramCounts())
                        .mapToDouble(CountAtBucket::bucket)
                        .toArray())
                .containsExactly(GenAiMetrics.TOKEN_BOUNDARIES);
        assertThat(registry.get("gen_ai.client.token.usage")
                        .tag("gen_ai.token.type", "output")
                        .summary()
                        .totalAmount())
                .isEqualTo(7);
        var duration = registry.get("gen_ai.client.operation.duration")
                .tag("error.type", "")
                .timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(Arrays.stream(duration.takeSnapshot().histogramCounts())
                        .mapToDouble(bucket -> bucket.bucket(TimeUnit.SECONDS))
                        .toArray())
                .containsExactly(GenAiMetrics.SECONDS_BOUNDARIES);
        // A call that was not streamed has no first chunk to time.
        assertThat(registry.find("gen_ai.client.operation.time_to_first_chunk").timers())
                .isEmpty();

        var scrape = registry.scrape();
        assertThat(scrape)
                .contains("# TYPE gen_ai_client_token_usage histogram")
                .contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\","
                        + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"test-model\","
                        + "gen_ai_response_model=\"scripted\",gen_ai_token_type=\"input\",server_address=\"" + host
                        + "\",server_port=\"" + port + "\",le=\"64.0\"} 0")
                .contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\","
                        + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"test-model\","
                        + "gen_ai_response_model=\"scripted\",gen_ai_token_type=\"input\",server_address=\"" + host
                        + "\",server_port=\"" + port + "\",le=\"256.0\"} 1")
                .contains("# TYPE gen_ai_client_operation_duration_seconds histogram")
                .contains("le=\"81.92\"")
                .contains("le=\"6.7108864E7\"")
                .doesNotContain("acme")
                .doesNotContain("ada");
    }

    @Test
    void timesTheFirstChunkOfAStreamedCall() {
        server.then(new Answer("The average price is 4,766,729.25.", 90, 12, 0, Duration.ofMillis(20)));

        model().stream("summarise", metering, MESSAGES, piece -> {});

        var firstChunk = registry.get("gen_ai.client.operation.time_to_first_chunk")
                .tag("gen_ai.provider.name", "openai")
                .tag("gen_ai.request.model", "test-model")
                .timer();
        var duration = registry.get("gen_ai.client.operation.duration").timer();
        assertThat(firstChunk.count()).isEqualTo(1);
        assertThat(firstChunk.totalTime(TimeUnit.NANOSECONDS)).isLessThan(duration.totalTime(TimeUnit.NANOSECONDS));
        assertThat(Arrays.stream(firstChunk.takeSnapshot().histogramCounts())
                        .mapToDouble(bucket -> bucket.bucket(TimeUnit.SECONDS))
                        .toArray())
                .containsExactly(GenAiMetrics.SECONDS_BOUNDARIES);
        assertThat(registry.scrape()).contains("# TYPE gen_ai_client_operation_time_to_first_chunk_seconds histogram");
    }

    @Test
    void aFailedCallHasItsErrorTypeAndNoTokens() {
        server.then(new Status(429));

        assertThatThrownBy(() -> model().complete("plan", metering, MESSAGES, null))
                .isInstanceOf(ModelUnavailable.class);

        assertThat(registry.get("gen_ai.client.operation.duration")
                        .tag("error.type", "429")
                        .tag("gen_ai.response.model", "")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("gen_ai.client.token.usage").summaries()).isEmpty();
    }
}
