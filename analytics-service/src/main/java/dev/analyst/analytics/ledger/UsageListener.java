package dev.analyst.analytics.ledger;

import dev.analyst.analytics.kafka.DeadLetters;
import dev.analyst.analytics.ledger.LedgerWriter.PricedCall;
import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prices usage events and records them in the ledger a batch at a time, each once however often Kafka
 * delivers it; tells the metrics and the live stream about every call newly recorded.
 */
@Component
class UsageListener {

    private static final Logger log = LoggerFactory.getLogger(UsageListener.class);

    /**
     * Longer than any healthy batch insert. Past it the error handler retries the batch like any failure of
     * an unavailable database: until it answers, never dead-lettering the batch (see KafkaConfiguration).
     */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final JsonMapper mapper;
    private final PriceTable prices;
    private final LedgerWriter ledger;
    private final UsageMetrics metrics;
    private final UsageStream stream;
    private final DeadLetters deadLetters;

    UsageListener(
            JsonMapper mapper,
            PriceTable prices,
            LedgerWriter ledger,
            UsageMetrics metrics,
            UsageStream stream,
            DeadLetters deadLetters) {
        this.mapper = mapper;
        this.prices = prices;
        this.ledger = ledger;
        this.metrics = metrics;
        this.stream = stream;
        this.deadLetters = deadLetters;
    }

    /**
     * One poll's records (up to {@code max.poll.records}, over all the partitions the consumer holds): the
     * valid ones are written in one transaction, each invalid one goes to the DLT on its own. The offsets
     * are committed after this returns, so after the write.
     */
    @KafkaListener(
            id = "usage-ledger",
            idIsGroup = false,
            batch = "true",
            concurrency = "${analyst.analytics.ledger.consumers:2}",
            topics = "#{T(dev.analyst.contracts.Topic).USAGE.topicName()}")
    void onUsage(List<ConsumerRecord<String, String>> records) {
        var batch = new ArrayList<PricedCall>(records.size());
        var rejected = new ArrayList<Rejected>();
        for (var record : records) {
            try {
                var call = decode(record.value());
                batch.add(new PricedCall(call, prices.price(call)));
            } catch (JacksonException | InvalidUsageEvent e) {
                rejected.add(new Rejected(record, e));
            }
        }
        // Blocking is deliberate: this is a listener thread, not an event loop, and the offsets must be
        // committed only after the rows are written, which the synchronous listener guarantees.
        var inserted = Objects.requireNonNull(ledger.record(batch).block(WRITE_TIMEOUT));
        var announced = new LinkedHashMap<UUID, PricedCall>();
        for (var priced : batch) {
            // A call listed twice in the batch is announced once.
            if (inserted.contains(priced.call().eventId())) {
                announced.putIfAbsent(priced.call().eventId(), priced);
            }
        }
        metrics.recorded(announced.values());
        announced.values().forEach(this::announce);
        rejected.forEach(rejection -> deadLetters.send(rejection.record(), rejection.cause()));
    }

    private ModelCalled decode(@Nullable String json) {
        if (json == null) {
            throw new InvalidUsageEvent("A usage record without a value");
        }
        // Parse failures (JacksonException) and InvalidUsageEvent are not worth retrying: straight to the DLT.
        var usage = mapper.readValue(json, Usage.class);
        if (usage == null) {
            throw new InvalidUsageEvent("A usage record whose value is JSON null");
        }
        return switch (usage) {
            case ModelCalled call -> validate(call);
        };
    }

    private void announce(PricedCall priced) {
        var call = priced.call();
        var pricing = priced.pricing();
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
            MDC.put("runId", call.runId().toString());
            try {
                log.warn(
                        "No price for model {} of provider {} in price table {}: call {} recorded unpriced",
                        call.model(),
                        call.provider(),
                        pricing.priceVersion(),
                        call.eventId());
            } finally {
                MDC.remove("runId");
            }
        }
    }

    private record Rejected(ConsumerRecord<String, String> record, RuntimeException cause) {}

    // Jackson fills absent fields with null or 0, and the database would only reject some of them.
    @SuppressWarnings("ConstantValue")
    private static ModelCalled validate(ModelCalled call) {
        if (call.eventId() == null || call.occurredAt() == null || call.runId() == null) {
            throw new InvalidUsageEvent("ModelCalled needs eventId, occurredAt and runId");
        }
        for (var text : new String[] {call.tenantId(), call.userId(), call.provider(), call.model(), call.stage()}) {
            if (text == null || text.isBlank()) {
                throw new InvalidUsageEvent(
                        "ModelCalled " + call.eventId() + " needs tenantId, userId, provider, model and stage");
            }
            // PostgreSQL text cannot hold NUL: one such call would fail its whole batch, again and again.
            if (text.indexOf('\0') >= 0) {
                throw new InvalidUsageEvent("ModelCalled " + call.eventId() + " has a NUL character in a text field");
            }
        }
        // Years PostgreSQL reads from an ISO instant: anything else would fail the whole batch likewise.
        if (call.occurredAt().isBefore(EARLIEST) || call.occurredAt().isAfter(LATEST)) {
            throw new InvalidUsageEvent("ModelCalled " + call.eventId() + " happened at " + call.occurredAt()
                    + ", outside the years 2000 to 9999");
        }
        if (call.inputTokens() < 0
                || call.outputTokens() < 0
                || call.cachedInputTokens() < 0
                || call.latencyMillis() < 0
                || call.timeToFirstTokenMillis() < 0) {
            throw new InvalidUsageEvent("ModelCalled " + call.eventId() + " has a negative count");
        }
        return call;
    }
}
