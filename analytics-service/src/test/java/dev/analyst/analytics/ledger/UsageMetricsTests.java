package dev.analyst.analytics.ledger;

import static dev.analyst.analytics.ledger.TestPrices.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.usage.ModelCalled;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UsageMetrics metrics = new UsageMetrics(registry);
    private final PriceTable prices = new PriceTable(TestPrices.LIST);

    @Test
    void countsUnpricedCallsInsteadOfCostingThem() {
        var unknown = call("openai", "gpt-9-preview", 1_000, 10, 0);
        var known = call("openai", "gpt-4o-mini", 1_000, 500, 200);

        metrics.recorded(List.of(priced(unknown), priced(known)));

        assertThat(registry.get(UsageMetrics.UNPRICED_CALLS)
                        .tag("model", "gpt-9-preview")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find(UsageMetrics.COST)
                        .tag("model", "gpt-9-preview")
                        .counter())
                .isNull();
        assertThat(registry.get(UsageMetrics.COST)
                        .tag("model", "gpt-4o-mini")
                        .counter()
                        .count())
                .isEqualTo(465);
        assertThat(registry.get(UsageMetrics.TOKENS)
                        .tag("model", "gpt-4o-mini")
                        .tag("type", "cached")
                        .counter()
                        .count())
                .isEqualTo(200);
    }

    @Test
    void sumsABatchPerModel() {
        var first = call("openai", "gpt-4o-mini", 1_000, 500, 200);
        var second = call("openai", "gpt-4o-mini", 2_000, 100, 0);
        var other = call("openai", "gpt-4.1", 10, 10, 0);

        metrics.recorded(List.of(priced(first), priced(second), priced(other)));
        metrics.recorded(List.of(priced(second)));

        assertThat(registry.get(UsageMetrics.TOKENS)
                        .tag("model", "gpt-4o-mini")
                        .tag("type", "input")
                        .counter()
                        .count())
                .isEqualTo(1_000 + 2_000 + 2_000);
        assertThat(registry.get(UsageMetrics.COST)
                        .tag("model", "gpt-4o-mini")
                        .counter()
                        .count())
                .isEqualTo(prices.price(first).costMicros()
                        + 2 * prices.price(second).costMicros());
        assertThat(registry.get(UsageMetrics.TOKENS)
                        .tag("model", "gpt-4.1")
                        .tag("type", "output")
                        .counter()
                        .count())
                .isEqualTo(10);
    }

    private LedgerWriter.PricedCall priced(ModelCalled call) {
        return new LedgerWriter.PricedCall(call, prices.price(call));
    }

    @Test
    void tagsNeitherUsersNorTenants() {
        var known = call("openai", "gpt-4o-mini", 1_000, 500, 200);

        metrics.recorded(List.of(priced(known)));

        assertThat(registry.getMeters())
                .allSatisfy(meter -> assertThat(meter.getId().getTags())
                        .extracting(tag -> tag.getKey())
                        .doesNotContain("user", "userId", "tenant", "tenantId"));
    }
}
