package dev.analyst.analytics.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** Cost and tokens of one group of the cost report: a day, model, provider, user or tenant. */
record CostGroup(
        String group,
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
