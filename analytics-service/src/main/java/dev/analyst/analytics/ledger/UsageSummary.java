package dev.analyst.analytics.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Totals over a set of model calls; the first and last call times are null when the set is empty. */
record UsageSummary(
        long calls,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long costMicros,
        long unpricedCalls,
        @Nullable Instant firstCallAt,
        @Nullable Instant lastCallAt) {

    UsageSummary spanning(@Nullable Instant first, @Nullable Instant last) {
        return new UsageSummary(
                calls, inputTokens, outputTokens, cachedInputTokens, costMicros, unpricedCalls, first, last);
    }

    @JsonProperty
    public BigDecimal costUsd() {
        return Dollars.fromMicros(costMicros);
    }
}
