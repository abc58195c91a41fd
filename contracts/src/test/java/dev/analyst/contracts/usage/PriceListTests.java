package dev.analyst.contracts.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.usage.PriceList.ModelPrice;
import dev.analyst.contracts.usage.PriceList.Pricing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PriceListTests {

    private final PriceList prices = new PriceList(
            "test-1",
            Map.of(
                    "gpt-4o-mini", price("0.15", "0.60", "0.075"),
                    "half", price("0.5", "0.5", null),
                    "two-and-a-half", price("2.5", "0", null)));

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

    @Test
    void theShippedPriceListReadsAndPricesTheDefaultModels() throws Exception {
        var yaml = tools.jackson.dataformat.yaml.YAMLMapper.builder().build();
        try (var in = PriceList.class.getClassLoader().getResourceAsStream(PriceList.RESOURCE)) {
            var node = yaml.readTree(in).path("analyst").path("prices");
            var models = new java.util.HashMap<String, ModelPrice>();
            node.path("models")
                    .properties()
                    .forEach(entry -> models.put(
                            entry.getKey().replaceAll("^\\[|\\]$", ""),
                            price(
                                    entry.getValue().path("input").asString(),
                                    entry.getValue().path("output").asString(),
                                    entry.getValue().path("cached-input").asString())));
            var shipped = new PriceList(node.path("version").asString(), models);

            assertThat(shipped.version()).isNotBlank();
            // 1M input + 1M output tokens of gpt-4o-mini at $0.15 and $0.60 per million.
            assertThat(shipped.price("openai", "gpt-4o-mini", 1_000_000, 1_000_000, 0))
                    .isEqualTo(new Pricing(true, 750_000, shipped.version()));
            assertThat(shipped.models()).containsKeys("gpt-4o", "gpt-4.1", "claude-sonnet-4-5");
        }
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
