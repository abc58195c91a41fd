package dev.analyst.analytics.ledger;

import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.Usage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Prices every usage event and records it in the ledger once, however often Kafka delivers it. */
@Component
class UsageListener {

    private static final Logger log = LoggerFactory.getLogger(UsageListener.class);

    /** Longer than any healthy insert; past it the error handler retries and then dead-letters the record. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final JsonMapper mapper;
    private final PriceTable prices;
    private final ModelCallLedger ledger;
    private final UsageMetrics metrics;
    private final UsageStream stream;

    UsageListener(
            JsonMapper mapper, PriceTable prices, ModelCallLedger ledger, UsageMetrics metrics, UsageStream stream) {
        this.mapper = mapper;
        this.prices = prices;
        this.ledger = ledger;
        this.metrics = metrics;
        this.stream = stream;
    }

    @KafkaListener(
            id = "usage-ledger",
            idIsGroup = false,
            topics = "#{T(dev.analyst.contracts.Topic).USAGE.topicName()}")
    void onUsage(String json) {
        // Parse failures (JacksonException) and InvalidUsageEvent are not retryable: straight to the DLT.
        switch (mapper.readValue(json, Usage.class)) {
            case ModelCalled call -> record(call);
        }
    }

    private void record(ModelCalled call) {
        validate(call);
        MDC.put("runId", call.runId().toString());
        try {
            var pricing = prices.price(call);
            // Blocking is deliberate: this is a listener thread, not an event loop, and the offset must be
            // committed only after the row is written, which the synchronous listener guarantees.
            boolean inserted = Boolean.TRUE.equals(ledger.record(call, pricing).block(WRITE_TIMEOUT));
            if (!inserted) {
                log.debug("Model call {} already recorded", call.eventId());
                return;
            }
            metrics.recorded(call, pricing);
            stream.recorded(
                    call.eventId(),
                    new UsageUpdate(
                            LocalDate.ofInstant(call.occurredAt(), ZoneOffset.UTC),
                            call.provider(),
                            call.model(),
                            call.succeeded(),
                            call.inputTokens(),
                            call.outputTokens(),
                            call.cachedInputTokens(),
                            pricing.priced(),
                            pricing.costMicros()));
            if (!pricing.priced()) {
                log.warn(
                        "No price for model {} of provider {} in price table {}: call {} recorded unpriced",
                        call.model(),
                        call.provider(),
                        pricing.priceVersion(),
                        call.eventId());
            }
        } finally {
            MDC.remove("runId");
        }
    }

    // Jackson fills absent fields with null or 0, and the database would only reject some of them.
    @SuppressWarnings("ConstantValue")
    private static void validate(ModelCalled call) {
        if (call.eventId() == null || call.occurredAt() == null || call.runId() == null) {
            throw new InvalidUsageEvent("ModelCalled needs eventId, occurredAt and runId");
        }
        for (var text : new String[] {call.tenantId(), call.userId(), call.provider(), call.model(), call.stage()}) {
            if (text == null || text.isBlank()) {
                throw new InvalidUsageEvent(
                        "ModelCalled " + call.eventId() + " needs tenantId, userId, provider, model and stage");
            }
        }
        if (call.inputTokens() < 0
                || call.outputTokens() < 0
                || call.cachedInputTokens() < 0
                || call.latencyMillis() < 0
                || call.timeToFirstTokenMillis() < 0) {
            throw new InvalidUsageEvent("ModelCalled " + call.eventId() + " has a negative count");
        }
    }
}
