package dev.analyst.contracts.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The versioned price list model calls are costed with, in integer micro-dollars. Analytics bills every
 * call with it and the agent checks budgets with it, so the two always agree on what a call cost. The
 * list itself is configuration ({@code analyst.prices}, shipped as {@code analyst-prices.yaml}).
 *
 * @param version names this list, for example {@code 2025-10}; stored with every priced call so a later
 *     price change never rewrites history
 * @param models model name (matched ignoring case) to its price
 */
public record PriceList(String version, Map<String, ModelPrice> models) {

    /** The offline model inside agent-service: it costs nothing, and that is a known price, not a missing one. */
    public static final String BUILT_IN = "builtin";

    /** The file every service that prices calls imports; its keys sit under {@code analyst.prices}. */
    public static final String RESOURCE = "analyst-prices.yaml";

    public PriceList {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("The price list needs a version (analyst.prices.version)");
        }
        var byModel = new HashMap<String, ModelPrice>();
        if (models != null) {
            models.forEach((model, price) -> byModel.put(normalise(model), Objects.requireNonNull(price, model)));
        }
        models = Map.copyOf(byModel);
    }

    /** The price of one call as it was metered. */
    public Pricing price(ModelCalled call) {
        return price(call.provider(), call.model(), call.inputTokens(), call.outputTokens(), call.cachedInputTokens());
    }

    /** The price of so many tokens on a model; unknown models are unpriced, never silently free. */
    public Pricing price(String provider, String model, long inputTokens, long outputTokens, long cachedInputTokens) {
        if (BUILT_IN.equalsIgnoreCase(provider)) {
            return new Pricing(true, 0, version);
        }
        var price = models.get(normalise(model));
        if (price == null) {
            return new Pricing(false, 0, version);
        }
        // tokens x (USD per million tokens) / 1e6 is dollars, x 1e6 is micro-dollars: the two factors cancel,
        // so the exact product is already in micro-dollars and is rounded once, for the whole call.
        var micros = BigDecimal.valueOf(inputTokens)
                .multiply(price.input())
                .add(BigDecimal.valueOf(outputTokens).multiply(price.output()))
                .add(BigDecimal.valueOf(cachedInputTokens).multiply(price.cachedInputOrInput()));
        return new Pricing(true, micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact(), version);
    }

    private static String normalise(String model) {
        return model.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * What a model costs, in US dollars per million tokens.
     *
     * @param input uncached input tokens
     * @param output output tokens
     * @param cachedInput input tokens served from the provider's prompt cache; the input price when unset
     */
    public record ModelPrice(
            BigDecimal input, BigDecimal output, @Nullable BigDecimal cachedInput) {

        public ModelPrice {
            requireNotNegative(input, "input");
            requireNotNegative(output, "output");
            if (cachedInput != null) {
                requireNotNegative(cachedInput, "cached-input");
            }
        }

        /** The cached-input price, falling back to the input price so cached tokens are never free by omission. */
        public BigDecimal cachedInputOrInput() {
            return cachedInput != null ? cachedInput : input;
        }

        private static void requireNotNegative(@Nullable BigDecimal price, String name) {
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException("A model's " + name + " price must be zero or more, not " + price);
            }
        }
    }

    /**
     * The price of one call.
     *
     * @param priced whether the list knew the model
     * @param costMicros the cost in micro-dollars (0 when not priced)
     * @param priceVersion the version of the list consulted
     */
    public record Pricing(boolean priced, long costMicros, String priceVersion) {}
}
