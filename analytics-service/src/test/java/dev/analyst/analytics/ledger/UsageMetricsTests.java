package dev.analyst.analytics.ledger;

import static dev.analyst.analytics.ledger.TestPrices.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class UsageMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UsageMetrics metrics = new UsageMetrics(registry);
    private final PriceTable prices = new PriceTable(TestPrices.LIST);

    @Test
    void countsUnpricedCallsInsteadOfCostingThem() {
        var unknown = call("openai", "gpt-9-preview", 1_000, 10, 0);
        var known = call("openai", "gpt-4o-mini", 1_000, 500, 200);

        metrics.recorded(unknown, prices.price(unknown));
        metrics.recorded(known, prices.price(known));

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
    void tagsNeitherUsersNorTenants() {
        var known = call("openai", "gpt-4o-mini", 1_000, 500, 200);

        metrics.recorded(known, prices.price(known));

        assertThat(registry.getMeters())
                .allSatisfy(meter -> assertThat(meter.getId().getTags())
                        .extracting(tag -> tag.getKey())
                        .doesNotContain("user", "userId", "tenant", "tenantId"));
    }
}
