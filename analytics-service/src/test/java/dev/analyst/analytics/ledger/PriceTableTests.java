package dev.analyst.analytics.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.analytics.AnalyticsProperties;
import dev.analyst.analytics.AnalyticsProperties.ModelPrice;
import dev.analyst.analytics.AnalyticsProperties.Prices;
import dev.analyst.analytics.ledger.PriceTable.Pricing;
import dev.analyst.contracts.usage.ModelCalled;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PriceTableTests {

    static final AnalyticsProperties TEST_PROPERTIES = new AnalyticsProperties(
            "unused",
            new Prices(
                    "test-1",
                    Map.of(
                            "gpt-4o-mini", price("0.15", "0.60", "0.075"),
                            "half", price("0.5", "0.5", null),
                            "two-and-a-half", price("2.5", "0", null))),
            new AnalyticsProperties.Stream(Duration.ofSeconds(15), 256),
            new AnalyticsProperties.Ledger(1));

    private final PriceTable prices = new PriceTable(TEST_PROPERTIES);

    @Test
    void pricesEachTokenTypeAtItsOwnRateInMicroDollars() {
        var pricing = prices.price(call("openai", "gpt-4o-mini", 1_000, 500, 200));

        // 1000 x 0.15 + 500 x 0.60 + 200 x 0.075 = 150 + 300 + 15 micro-dollars
        assertThat(pricing).isEqualTo(new Pricing(true, 465, "test-1"));
    }

    @Test
    void roundsHalfToEvenOnceForTheWholeCall() {
        assertThat(prices.price(call("vllm", "two-and-a-half", 1, 0, 0)).costMicros())
                .isEqualTo(2); // 2.5 -> 2
        assertThat(prices.price(call("vllm", "two-and-a-half", 3, 0, 0)).costMicros())
                .isEqualTo(8); // 7.5 -> 8
        // 0.5 + 0.5 = 1: rounding each part first would have lost the whole micro-dollar.
        assertThat(prices.price(call("vllm", "half", 1, 1, 0)).costMicros()).isEqualTo(1);
    }

    @Test
    void billsCachedTokensAtTheInputPriceWhenNoCachedPriceIsConfigured() {
        assertThat(prices.price(call("vllm", "half", 0, 0, 4)).costMicros()).isEqualTo(2);
    }

    @Test
    void matchesModelNamesIgnoringCase() {
        assertThat(prices.price(call("openai", "GPT-4o-Mini", 1_000, 0, 0)))
                .isEqualTo(new Pricing(true, 150, "test-1"));
    }

    @Test
    void keepsHugeCallsExact() {
        assertThat(prices.price(call("openai", "gpt-4o-mini", 10_000_000_000L, 0, 0))
                        .costMicros())
                .isEqualTo(1_500_000_000L); // 10 billion tokens at $0.15/M = $1500
    }

    @Test
    void flagsAnUnknownModelAsUnpricedInsteadOfFree() {
        var pricing = prices.price(call("openai", "gpt-9-preview", 1_000, 1_000, 0));

        assertThat(pricing).isEqualTo(new Pricing(false, 0, "test-1"));
    }

    @Test
    void pricesTheBuiltInModelAtZeroAsAKnownPrice() {
        var pricing = prices.price(call("builtin", "analyst-builtin", 5_000, 800, 0));

        assertThat(pricing).isEqualTo(new Pricing(true, 0, "test-1"));
    }

    private static ModelPrice price(String input, String output, @Nullable String cachedInput) {
        return new ModelPrice(
                new BigDecimal(input),
                new BigDecimal(output),
                cachedInput == null ? null : new BigDecimal(cachedInput));
    }

    static ModelCalled call(String provider, String model, long input, long output, long cached) {
        return new ModelCalled(
                UUID.randomUUID(),
                Instant.parse("2025-03-14T10:00:00Z"),
                UUID.randomUUID(),
                "acme",
                "ada",
                provider,
                model,
                "planner",
                input,
                output,
                cached,
                120,
                120,
                true);
    }
}
