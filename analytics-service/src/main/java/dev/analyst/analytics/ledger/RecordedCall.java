package dev.analyst.analytics.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One model call as the ledger holds it: the event's fields plus what it cost. */
record RecordedCall(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        String tenantId,
        String userId,
        String provider,
        String model,
        String stage,
        long inputTokens,
        long outputTokens,
        long cachedInputTokens,
        long latencyMillis,
        boolean succeeded,
        boolean priced,
        long costMicros,
        String priceVersion) {

    @JsonProperty
    public BigDecimal costUsd() {
        return Dollars.fromMicros(costMicros);
    }
}
