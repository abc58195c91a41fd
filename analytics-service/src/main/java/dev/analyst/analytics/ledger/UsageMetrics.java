package dev.analyst.analytics.ledger;

import dev.analyst.analytics.ledger.LedgerWriter.PricedCall;
import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.PriceList.Pricing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Counts a batch of newly recorded calls. They are summed per provider and model first, so a batch of
     * thousands costs a handful of meter lookups rather than four per call.
     */
    void recorded(Collection<PricedCall> calls) {
        var tallies = new HashMap<List<String>, Tally>();
        for (var priced : calls) {
            var call = priced.call();
            tallies.computeIfAbsent(List.of(call.provider(), call.model()), key -> new Tally())
                    .add(call, priced.pricing());
        }
        tallies.forEach((key, tally) -> tally.countInto(key.get(0), key.get(1)));
    }

    /** One provider and model's share of a batch. */
    private final class Tally {
        private long input;
        private long output;
        private long cached;
        private long costMicros;
        private long pricedCalls;
        private long unpricedCalls;

        void add(ModelCalled call, Pricing pricing) {
            input += call.inputTokens();
            output += call.outputTokens();
            cached += call.cachedInputTokens();
            if (pricing.priced()) {
                pricedCalls++;
                costMicros += pricing.costMicros();
            } else {
                unpricedCalls++;
            }
        }

        void countInto(String provider, String model) {
            tokens(provider, model, "input").increment(input);
            tokens(provider, model, "output").increment(output);
            tokens(provider, model, "cached").increment(cached);
            if (pricedCalls > 0) {
                Counter.builder(COST)
                        .description("Cost of model calls in micro-dollars (US$ 1e-6)")
                        .baseUnit("microdollars")
                        .tag("provider", provider)
                        .tag("model", model)
                        .register(registry)
                        .increment(costMicros);
            }
            if (unpricedCalls > 0) {
                Counter.builder(UNPRICED_CALLS)
                        .description("Model calls whose model is missing from the price table; their cost is unknown")
                        .tag("provider", provider)
                        .tag("model", model)
                        .register(registry)
                        .increment(unpricedCalls);
            }
        }
    }

    private Counter tokens(String provider, String model, String type) {
        return Counter.builder(TOKENS)
                .description("Tokens metered by model calls, by type: input (uncached), output, cached (input)")
                .tag("provider", provider)
                .tag("model", model)
                .tag("type", type)
                .register(registry);
    }
}
