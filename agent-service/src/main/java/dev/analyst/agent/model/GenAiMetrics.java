package dev.analyst.agent.model;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry GenAI client metrics of hosted model calls: names, units, attributes and explicit
 * bucket boundaries as the GenAI semantic conventions give them (open-telemetry/semantic-conventions-genai,
 * {@code docs/gen-ai/gen-ai-metrics.md}, built on semconv v1.42.0; status Development). They use
 * {@code gen_ai.provider.name}, which replaced {@code gen_ai.system}.
 *
 * <p>Prometheus wants one set of label names per metric, so an attribute that is unknown for a call
 * (the response model of a failed call, {@code error.type} of a successful one) is an empty label,
 * which Prometheus reads as no label at all. No run, tenant or user is ever a label.
 */
final class GenAiMetrics {

    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

    static final double[] TOKEN_BOUNDARIES = {
        1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
    };

    /** The same boundaries for the duration and for the time to the first chunk. */
    static final double[] SECONDS_BOUNDARIES = {
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
    };

    private static final Duration[] SECONDS = Arrays.stream(SECONDS_BOUNDARIES)
            .mapToObj(seconds -> Duration.ofNanos(Math.round(seconds * 1e9)))
            .toArray(Duration[]::new);

    private final MeterRegistry registry;

    GenAiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A call that answered, with the tokens the provider reported (null when it reported none). */
    void answered(
            GenAiTarget target,
            @Nullable String responseModel,
            @Nullable Integer inputTokens,
            @Nullable Integer outputTokens,
            long durationNanos,
            long firstChunkNanos) {
        var tags = tags(target, responseModel);
        if (inputTokens != null) {
            tokens(tags, "input").record(inputTokens);
        }
        if (outputTokens != null) {
            tokens(tags, "output").record(outputTokens);
        }
        duration(tags.and("error.type", "")).record(durationNanos, TimeUnit.NANOSECONDS);
        firstChunk(tags, firstChunkNanos);
    }

    /** A call that failed: its duration, with the class of error it ended with. */
    void failed(GenAiTarget target, String errorType, long durationNanos, long firstChunkNanos) {
        var tags = tags(target, null);
        duration(tags.and("error.type", errorType)).record(durationNanos, TimeUnit.NANOSECONDS);
        firstChunk(tags, firstChunkNanos);
    }

    /** Only streamed calls have a first chunk; the others report none, as the conventions ask. */
    private void firstChunk(Tags tags, long firstChunkNanos) {
        if (firstChunkNanos > 0) {
            Timer.builder(TIME_TO_FIRST_CHUNK)
                    .description("Time to receive the first chunk of a streamed GenAI response")
                    .serviceLevelObjectives(SECONDS)
                    .publishPercentileHistogram(false)
                    .tags(tags)
                    .register(registry)
                    .record(firstChunkNanos, TimeUnit.NANOSECONDS);
        }
    }

    private DistributionSummary tokens(Tags tags, String type) {
        return DistributionSummary.builder(TOKEN_USAGE)
                .description("Number of input and output tokens used")
                .serviceLevelObjectives(TOKEN_BOUNDARIES)
                .publishPercentileHistogram(false)
                .tags(tags.and("gen_ai.token.type", type))
                .register(registry);
    }

    private Timer duration(Tags tags) {
        return Timer.builder(OPERATION_DURATION)
                .description("GenAI operation duration")
                .serviceLevelObjectives(SECONDS)
                .publishPercentileHistogram(false)
                .tags(tags)
                .register(registry);
    }

    private static Tags tags(GenAiTarget target, @Nullable String responseModel) {
        return Tags.of(
                "gen_ai.operation.name",
                "chat",
                "gen_ai.provider.name",
                target.provider(),
                "gen_ai.request.model",
                target.model(),
                "gen_ai.response.model",
                responseModel == null ? "" : responseModel,
                "server.address",
                target.address(),
                "server.port",
                target.port() < 0 ? "" : Integer.toString(target.port()));
    }
}
