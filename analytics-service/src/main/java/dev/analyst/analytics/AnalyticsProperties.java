package dev.analyst.analytics;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the analytics service (prefix {@code analyst.analytics}).
 *
 * @param adminKey the key the admin API demands; blank disables the API (every request is refused)
 * @param prices the price table model calls are costed with
 * @param stream the live usage stream of the admin API
 * @param ledger how usage events are consumed into the ledger
 */
@ConfigurationProperties("analyst.analytics")
@Validated
public record AnalyticsProperties(
        @DefaultValue("") String adminKey,
        @Valid @NotNull Prices prices,
        @Valid @DefaultValue Stream stream,
        @Valid @DefaultValue Ledger ledger) {

    /**
     * The usage ledger's consumer.
     *
     * @param consumers listener threads of the usage topic, each writing its own batches (read by the
     *     listener annotation; more than the topic's partitions would idle)
     */
    public record Ledger(@DefaultValue("2") @Positive int consumers) {}

    /**
     * The server-sent event stream dashboards listen to.
     *
     * @param heartbeat how often a comment is sent to keep idle connections open
     * @param bufferSize updates kept for a client that reads slower than calls arrive; the oldest go first
     */
    public record Stream(
            @DefaultValue("15s") @NotNull Duration heartbeat,
            @DefaultValue("256") @Positive int bufferSize) {}

    /**
     * A versioned price table; the version is stored with every priced call so a later price change
     * never rewrites history.
     *
     * @param version names this table, for example {@code 2025-10}
     * @param models model name (matched ignoring case) to its price; names with dots need YAML brackets:
     *     {@code "[gpt-4.1]"}
     */
    public record Prices(@NotBlank String version, Map<String, @Valid @NotNull ModelPrice> models) {

        public Prices {
            models = models == null ? Map.of() : Map.copyOf(models);
        }
    }

    /**
     * What a model costs, in US dollars per million tokens.
     *
     * @param input uncached input tokens
     * @param output output tokens
     * @param cachedInput input tokens served from the provider's prompt cache; the input price when unset
     */
    public record ModelPrice(
            @NotNull @PositiveOrZero BigDecimal input,
            @NotNull @PositiveOrZero BigDecimal output,
            @Nullable @PositiveOrZero BigDecimal cachedInput) {

        /** The cached-input price, falling back to the input price so cached tokens are never free by omission. */
        public BigDecimal cachedInputOrInput() {
            return cachedInput != null ? cachedInput : input;
        }
    }
}
