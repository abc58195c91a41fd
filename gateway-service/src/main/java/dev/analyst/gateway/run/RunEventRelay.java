package dev.analyst.gateway.run;

import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunFailed;
import dev.analyst.contracts.run.SqlGenerated;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays {@code analyst.run-events.v1} into the runs' Redis streams (where every gateway instance
 * serves them from) and records how each run ended.
 *
 * <p>A run's events share a partition (they are keyed by run id), so {@code <offset + 1>-0} is an
 * entry id that grows with every event of the run and is the same on every delivery of a record: a
 * redelivered record is refused by Redis as "equal or smaller" and changes nothing. An event published
 * twice (two records, one event id) is refused by its id. Runs of other keys in the same partition leave
 * gaps in the ids, which clients never need to fill.
 */
@Component
class RunEventRelay {

    private static final Logger log = LoggerFactory.getLogger(RunEventRelay.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The reason the agent gives a run its user stopped. */
    static final String CANCELLED = "cancelled";

    private static final String NOTHING_WRITTEN = "Stopped before a summary was written.";

    private final RunStreams streams;
    private final RunLedger runs;
    private final JsonMapper mapper;

    RunEventRelay(RunStreams streams, RunLedger runs, JsonMapper mapper) {
        this.streams = streams;
        this.runs = runs;
        this.mapper = mapper;
    }

    /**
     * Blocks the (virtual) consumer thread until Redis and PostgreSQL have the event, so an offset is
     * committed only after its side effects and the records of a partition are handled in order.
     */
    // Three consumers: each record waits on a Redis round trip, and a run's records stay in order on their
    // partition whichever consumer holds it; one consumer made every run wait behind every other.
    @KafkaListener(
            id = "gateway-run-events",
            groupId = "gateway-service",
            concurrency = "${analyst.gateway.relay-consumers:3}",
            topics = "#{T(dev.analyst.contracts.Topic).RUN_EVENTS.topicName()}")
    public void relay(ConsumerRecord<String, String> record) {
        var event = mapper.readTree(record.value());
        var type = text(event, "type");
        var runId = UUID.fromString(text(event, "runId"));
        MDC.put("runId", runId.toString());
        try {
            var entry = new RunStreamEntry(runId.toString(), StreamId.ofOffset(record.offset()), type, record.value());
            var added = streams.append(entry, text(event, "eventId")).block(TIMEOUT);
            if (Boolean.FALSE.equals(added)) {
                log.debug("Run event {} at offset {} was relayed before", type, record.offset());
            }
            if ("SqlGenerated".equals(type)) {
                // The dataset the answer comes from, for pinning its chart to that dataset's dashboard later.
                var sql = (SqlGenerated) mapper.treeToValue(event, RunEvent.class);
                runs.queried(runId, sql.datasetId()).block(TIMEOUT);
            }
            if ("StageCompleted".equals(type)
                    && "plan".equals(event.path("stage").asString(""))) {
                // Kept until the answer, whose message then carries the plan as well.
                runs.planned(runId, mapper.writeValueAsString(event.get("output")))
                        .block(TIMEOUT);
            }
            if (RunStreamEntry.isTerminal(type)) {
                // After the stream: the client sees the end of its run even while the database lags.
                finish(event).block(TIMEOUT);
            }
        } finally {
            MDC.remove("runId");
        }
    }

    private Mono<Void> finish(JsonNode event) {
        return switch (mapper.treeToValue(event, RunEvent.class)) {
            case AnswerCompleted answer -> runs.answered(answer, metadata(event));
            case RunFailed failure
            when CANCELLED.equals(failure.reason()) ->
                partialAnswer(failure.runId())
                        .flatMap(partial -> runs.cancelled(failure, partial.content(), partial.metadata()));
            case RunFailed failure -> runs.failed(failure);
            default -> Mono.empty();
        };
    }

    /**
     * What a cancelled run had published before it stopped, read back from its stream: the summary so far
     * (or the whole one), and the latest SQL, result and chart.
     */
    private Mono<PartialAnswer> partialAnswer(UUID runId) {
        return streams.after(runId, StreamId.ZERO).collectList().map(entries -> {
            var summary = new StringBuilder();
            var metadata = mapper.createObjectNode();
            metadata.put("partial", true);
            for (var entry : entries) {
                var event = mapper.readTree(entry.data());
                switch (entry.type()) {
                    case "SummaryDelta" -> summary.append(event.path("text").asString(""));
                    case "SummaryWritten" -> {
                        summary.setLength(0);
                        summary.append(event.path("text").asString(""));
                    }
                    case "SqlGenerated" -> metadata.set("sql", event.get("sql"));
                    case "ResultProduced" -> metadata.set("result", event.get("result"));
                    case "ChartDesigned" -> metadata.set("chart", event.get("chart"));
                    default -> {}
                }
            }
            var content = summary.isEmpty() ? NOTHING_WRITTEN : summary.toString();
            return new PartialAnswer(content, mapper.writeValueAsString(metadata));
        });
    }

    private record PartialAnswer(String content, String metadata) {}

    private String metadata(JsonNode answer) {
        var metadata = mapper.createObjectNode();
        metadata.set("sql", answer.get("sql"));
        metadata.set("result", answer.get("result"));
        metadata.set("chart", answer.get("chart"));
        // Everything else the answer carries that a client re-reading the conversation would show.
        for (var property : new String[] {"followUps", "figure", "analysis"}) {
            var value = answer.get(property);
            if (value != null && !value.isNull()) {
                metadata.set(property, value);
            }
        }
        return mapper.writeValueAsString(metadata);
    }

    private static String text(JsonNode event, String property) {
        var value = event.get(property);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new IllegalArgumentException("Run event without a '" + property + "' text property");
        }
        return value.stringValue();
    }
}
