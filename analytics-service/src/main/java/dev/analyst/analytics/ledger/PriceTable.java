package dev.analyst.analytics.ledger;

import dev.analyst.analytics.AnalyticsProperties;
import dev.analyst.analytics.AnalyticsProperties.ModelPrice;
import dev.analyst.contracts.usage.ModelCalled;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Costs a model call from the configured price table, in integer micro-dollars. */
@Component
class PriceTable {

    /** The offline model inside agent-service: it costs nothing, and that is a known price, not a missing one. */
    static final String BUILTIN_PROVIDER = "builtin";

    private final String version;
    private final Map<String, ModelPrice> pricesByModel;

    PriceTable(AnalyticsProperties properties) {
        this.version = properties.prices().version();
        var byModel = new HashMap<String, ModelPrice>();
        properties.prices().models().forEach((model, price) -> byModel.put(normalise(model), price));
        this.pricesByModel = Map.copyOf(byModel);
    }

    Pricing price(ModelCalled call) {
        if (BUILTIN_PROVIDER.equalsIgnoreCase(call.provider())) {
            return new Pricing(true, 0, version);
        }
        var price = pricesByModel.get(normalise(call.model()));
        if (price == null) {
            // Stored as unpriced rather than as a zero cost, so the gap shows up in the ledger and metrics.
            return new Pricing(false, 0, version);
        }
        // tokens x (USD per million tokens) / 1e6 is dollars, x 1e6 is micro-dollars: the two factors cancel,
        // so the exact product is already in micro-dollars and is rounded once, for the whole call.
        var micros = BigDecimal.valueOf(call.inputTokens())
                .multiply(price.input())
                .add(BigDecimal.valueOf(call.outputTokens()).multiply(price.output()))
                .add(BigDecimal.valueOf(call.cachedInputTokens()).multiply(price.cachedInputOrInput()));
        return new Pricing(true, micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact(), version);
    }

    private static String normalise(String model) {
        return model.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The price of one call.
     *
     * @param priced whether the price table knew the model
     * @param costMicros the cost in micro-dollars (0 when not priced)
     * @param priceVersion the version of the price table consulted
     */
    record Pricing(boolean priced, long costMicros, String priceVersion) {}
}
