package dev.analyst.analytics.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;

/** What the live stream says about a call just recorded: enough for a dashboard to bump its totals. */
record UsageUpdate(
        LocalDate day,
        String provider,
        String model,
        boolean succeeded,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        boolean priced,
        long costMicros) {

    @JsonProperty
    public BigDecimal costUsd() {
        return Dollars.fromMicros(costMicros);
    }
}
