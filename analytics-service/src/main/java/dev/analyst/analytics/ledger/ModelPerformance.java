package dev.analyst.analytics.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * How one model of one provider performed over a range of days. Percentiles over all tenants come from
 * the daily latency histograms, within 9.05 % of the exact value ({@link LatencyHistogram}); those of one
 * tenant are exact. The time-to-first-token figures are null when no call reported it.
 */
record ModelPerformance(
        String provider,
        String model,
        long calls,
        long errors,
        double errorRate,
        double latencyP50Millis,
        double latencyP95Millis,
        double meanLatencyMillis,
        @Nullable Double meanTimeToFirstTokenMillis,
        @Nullable Double timeToFirstTokenP50Millis,
        @Nullable Double timeToFirstTokenP95Millis,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long costMicros) {

    @JsonProperty
    public BigDecimal costUsd() {
        return Dollars.fromMicros(costMicros);
    }
}
