package dev.analyst.agent.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which hosted models answer which role, and how hard to try them. With no chain configured every
 * stage runs on the built-in model, which always ends a chain.
 *
 * <p>From the environment: {@code ANALYST_MODELS_CHAIN=openai:gpt-4.1-mini} for every role,
 * {@code ANALYST_MODELS_ROLES_PLANNER=anthropic:claude-sonnet-4-5,openai:gpt-4.1} for one, and a
 * provider of one's own with {@code ANALYST_MODELS_PROVIDERS_LOCAL_KIND=openai-compatible} and
 * {@code ANALYST_MODELS_PROVIDERS_LOCAL_BASEURL=http://...}.
 *
 * @param providers the providers by the name chains refer to them by
 * @param chain the models every role tries in order, as {@code provider:model}, before the built-in one
 * @param roles a role's own chain, replacing {@code chain} for it
 * @param economy the cheaper {@code provider:model} every stage uses once a budget nears its limit;
 *     blank for the built-in model
 * @param timeout the longest one call may take, streamed calls included
 * @param attempts how often a call is tried on one model before the chain moves on
 * @param backoff the wait before the second attempt, doubling for each one after
 * @param openFor how long a provider's circuit stays open after repeated failures
 */
@Validated
@ConfigurationProperties("analyst.models")
public record ModelProperties(
        @DefaultValue Map<String, @Valid Provider> providers,
        @DefaultValue List<String> chain,
        @DefaultValue Map<Role, List<String>> roles,
        @DefaultValue("") String economy,
        @DefaultValue("60s") @NotNull Duration timeout,
        @DefaultValue("3") @Min(1) @Max(10) int attempts,
        @DefaultValue("500ms") @NotNull Duration backoff,
        @DefaultValue("30s") @NotNull Duration openFor) {

    /** The chain of {@code provider:model} entries a role tries before the built-in model. */
    public List<String> chainOf(Role role) {
        return roles.getOrDefault(role, chain);
    }

    /**
     * One provider. {@code apiKey} is required by OpenAI and Anthropic; {@code baseUrl} by an
     * OpenAI-compatible server and Ollama.
     */
    public record Provider(
            @NotNull Kind kind,
            @Nullable String baseUrl,
            @Nullable String apiKey) {

        boolean usable() {
            return switch (kind) {
                case OPENAI, ANTHROPIC -> apiKey != null && !apiKey.isBlank();
                case OLLAMA, OPENAI_COMPATIBLE -> baseUrl != null && !baseUrl.isBlank();
            };
        }
    }

    public enum Kind {
        OPENAI,
        ANTHROPIC,
        OLLAMA,
        OPENAI_COMPATIBLE
    }
}
