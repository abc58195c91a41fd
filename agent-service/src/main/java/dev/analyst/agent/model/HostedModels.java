package dev.analyst.agent.model;

import dev.analyst.agent.budget.Spending;
import dev.analyst.agent.model.ModelProperties.Provider;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The hosted models each role tries, in order, built once from {@link ModelProperties}. A chain that
 * names a provider that is not configured fails the start with the name of the missing setting,
 * rather than quietly falling back to the built-in model on every question.
 */
@Component
public class HostedModels implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HostedModels.class);

    private final Map<Role, List<HostedModel>> chains = new EnumMap<>(Role.class);
    private final List<HostedModel> economy;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public HostedModels(ModelProperties properties, MeterRegistry registry, Spending spending) {
        var listener = new UsageListener(new GenAiMetrics(registry));
        var breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(HostedModel::retriable)
                .build());
        // One breaker per provider; its state is a gauge, so operators (and the fault suite) see it open
        // while a provider is down and close again once it answers.
        breakers.getEventPublisher().onEntryAdded(added -> {
            var breaker = added.getAddedEntry();
            Gauge.builder("analyst.agent.model.circuit.open", breaker, HostedModels::open)
                    .description("1 while the provider's circuit breaker refuses calls (open or half-open), else 0")
                    .tag("provider", breaker.getName())
                    .register(registry);
        });
        var retry = RetryConfig.<Object>custom()
                .maxAttempts(properties.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.backoff(), 2.0))
                .retryOnException(HostedModel::retriable)
                .build();
        var limiter = TimeLimiter.of(
                TimeLimiterConfig.custom().timeoutDuration(properties.timeout()).build());
        var models = new LinkedHashMap<String, HostedModel>();
        for (var role : Role.values()) {
            var chain = new ArrayList<HostedModel>();
            for (var entry : properties.chainOf(role)) {
                if (entry.isBlank()) {
                    continue;
                }
                chain.add(models.computeIfAbsent(
                        entry.strip(), key -> model(key, properties, listener, spending, breakers, retry, limiter)));
            }
            chains.put(role, List.copyOf(chain));
        }
        economy = properties.economy().isBlank()
                ? List.of()
                : List.of(models.computeIfAbsent(
                        properties.economy().strip(),
                        key -> model(key, properties, listener, spending, breakers, retry, limiter)));
        if (models.isEmpty()) {
            log.info("No hosted model configured: every stage runs on the built-in model");
        } else {
            chains.forEach((role, chain) -> log.info(
                    "{} role: {} then the built-in model",
                    role,
                    chain.stream().map(m -> m.provider() + ":" + m.model()).toList()));
        }
    }

    /** The hosted models a role tries, in order; the built-in model comes after them. */
    public List<HostedModel> chain(Role role) {
        return chains.get(role);
    }

    /** What every role tries once a budget nears its limit: the economy model, then the built-in one. */
    public List<HostedModel> economy() {
        return economy;
    }

    private static double open(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            default -> 1;
        };
    }

    private HostedModel model(
            String key,
            ModelProperties properties,
            ChatModelListener listener,
            Spending spending,
            CircuitBreakerRegistry breakers,
            RetryConfig retry,
            TimeLimiter limiter) {
        var separator = key.indexOf(':');
        if (separator <= 0 || separator == key.length() - 1) {
            throw new IllegalArgumentException("A model chain entry reads provider:model, not \"" + key
                    + "\" (analyst.models.chain, ANALYST_MODELS_CHAIN)");
        }
        var name = key.substring(0, separator);
        var model = key.substring(separator + 1);
        var provider = provider(properties, name);
        return new HostedModel(
                name,
                model,
                chat(provider, model, properties, listener),
                streaming(provider, model, properties, listener),
                breakers.circuitBreaker(name),
                Retry.of(key, retry),
                limiter,
                calls,
                GenAiTarget.of(provider, model),
                spending);
    }

    private static Provider provider(ModelProperties properties, String name) {
        var provider = properties.providers().get(name);
        if (provider == null) {
            throw new IllegalArgumentException("No model provider named \"" + name + "\"; configure it as"
                    + " ANALYST_MODELS_PROVIDERS_" + name.toUpperCase() + "_KIND and its base URL or API key");
        }
        if (!provider.usable()) {
            throw new IllegalArgumentException("The model provider \"" + name + "\" needs "
                    + switch (provider.kind()) {
                        case OPENAI -> "an API key (OPENAI_API_KEY)";
                        case ANTHROPIC -> "an API key (ANTHROPIC_API_KEY)";
                        case OLLAMA -> "a base URL (OLLAMA_BASE_URL)";
                        case OPENAI_COMPATIBLE ->
                            "a base URL (ANALYST_MODELS_PROVIDERS_" + name.toUpperCase() + "_BASEURL)";
                    });
        }
        return provider;
    }

    // The clients' own retries are off: Resilience4j retries, so that every attempt is metered and
    // counted by the circuit breaker.
    private static ChatModel chat(
            Provider provider, String model, ModelProperties properties, ChatModelListener listener) {
        return switch (provider.kind()) {
            case OPENAI, OPENAI_COMPATIBLE ->
                OpenAiChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(apiKey(provider))
                        .modelName(model)
                        .timeout(properties.timeout())
                        .maxRetries(0)
                        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                        .listeners(listener)
                        .build();
            case ANTHROPIC ->
                AnthropicChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(provider.apiKey())
                        .modelName(model)
                        .timeout(properties.timeout())
                        .maxRetries(0)
                        .listeners(listener)
                        .build();
            case OLLAMA ->
                OllamaChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .modelName(model)
                        .timeout(properties.timeout())
                        .maxRetries(0)
                        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                        .listeners(List.of(listener))
                        .build();
        };
    }

    private static StreamingChatModel streaming(
            Provider provider, String model, ModelProperties properties, ChatModelListener listener) {
        return switch (provider.kind()) {
            case OPENAI, OPENAI_COMPATIBLE ->
                OpenAiStreamingChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(apiKey(provider))
                        .modelName(model)
                        .timeout(properties.timeout())
                        .listeners(listener)
                        .build();
            case ANTHROPIC ->
                AnthropicStreamingChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .apiKey(provider.apiKey())
                        .modelName(model)
                        .timeout(properties.timeout())
                        .listeners(listener)
                        .build();
            case OLLAMA ->
                OllamaStreamingChatModel.builder()
                        .baseUrl(provider.baseUrl())
                        .modelName(model)
                        .timeout(properties.timeout())
                        .listeners(List.of(listener))
                        .build();
        };
    }

    /** An OpenAI-compatible server often takes no key; the client still wants one. */
    private static String apiKey(Provider provider) {
        return provider.apiKey() == null || provider.apiKey().isBlank() ? "none" : provider.apiKey();
    }

    @Override
    public void destroy() {
        calls.close();
    }
}
