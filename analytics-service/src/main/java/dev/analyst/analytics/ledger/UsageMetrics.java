package dev.analyst.analytics.ledger;

import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.PriceList.Pricing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Business metrics for Prometheus, counted once per ledger row (never for a redelivered event). Tags
 * name providers and models only: user and tenant ids would make the series count unbounded.
 */
@Component
class UsageMetrics {

    static final String TOKENS = "analyst.usage.tokens";
    static final String COST = "analyst.usage.cost";
    static final String UNPRICED_CALLS = "analyst.analytics.unpriced.calls";

    private final MeterRegistry registry;

    UsageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(ModelCalled call, Pricing pricing) {
        tokens(call, "input").increment(call.inputTokens());
        tokens(call, "output").increment(call.outputTokens());
        tokens(call, "cached").increment(call.cachedInputTokens());
        if (pricing.priced()) {
            Counter.builder(COST)
                    .description("Cost of model calls in micro-dollars (US$ 1e-6)")
                    .baseUnit("microdollars")
                    .tag("provider", call.provider())
                    .tag("model", call.model())
                    .register(registry)
                    .increment(pricing.costMicros());
        } else {
            Counter.builder(UNPRICED_CALLS)
                    .description("Model calls whose model is missing from the price table; their cost is unknown")
                    .tag("provider", call.provider())
                    .tag("model", call.model())
                    .register(registry)
                    .increment();
        }
    }

    private Counter tokens(ModelCalled call, String type) {
        return Counter.builder(TOKENS)
                .description("Tokens metered by model calls, by type: input (uncached), output, cached (input)")
                .tag("provider", call.provider())
                .tag("model", call.model())
                .tag("type", type)
                .register(registry);
    }
}
