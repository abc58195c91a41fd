package dev.analyst.analytics.ledger;

import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.PriceList;
import dev.analyst.contracts.usage.PriceList.ModelPrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The price list and calls the ledger's unit tests share; the pricing itself is tested in contracts. */
final class TestPrices {

    static final PriceList LIST = new PriceList(
            "test-1",
            Map.of(
                    "gpt-4o-mini",
                    new ModelPrice(new BigDecimal("0.15"), new BigDecimal("0.60"), new BigDecimal("0.075"))));

    private TestPrices() {}

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
