package dev.analyst.analytics.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;

/** Usage of one model by one user on one UTC day. */
record DailyUsage(
        LocalDate day,
        String tenantId,
        String userId,
        String provider,
        String model,
        long calls,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long costMicros,
        long unpricedCalls) {

    @JsonProperty
    public BigDecimal costUsd() {
        return Dollars.fromMicros(costMicros);
    }
}
