package dev.analyst.gateway.ingestion;

import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.run.EventStreamResponses;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/datasets/{id}/events}: a dataset's load progress as an SSE stream, for progress bars. */
@RestController
class DatasetEventsController {

    private final IngestionClient ingestion;
    private final DatasetEventStreams streams;
    private final JsonMapper mapper;

    DatasetEventsController(IngestionClient ingestion, DatasetEventStreams streams, JsonMapper mapper) {
        this.ingestion = ingestion;
        this.streams = streams;
        this.mapper = mapper;
    }

    /**
     * The latest load's events from its start, or those after {@code Last-Event-ID} (header) or
     * {@code ?lastEventId=}; ends after {@code IngestionProgressed} of phase {@code done} or
     * {@code DatasetFailed}. Whose dataset it is, and whether its load still runs, comes from
     * ingestion-service's status endpoint, asked as the caller: another tenant's dataset is a 404.
     */
    @GetMapping("/api/datasets/{id}/events")
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> events(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParameter) {
        var after = EventStreamResponses.resumeAfter(lastEventIdHeader, lastEventIdParameter);
        var loading = loading(id, caller);
        return loading.switchIfEmpty(Mono.error(() -> new DatasetNotFound(id)))
                .map(running ->
                        EventStreamResponses.ok(streams.stream(id, after, !running, loading.defaultIfEmpty(false))));
    }

    /** Whether the dataset's latest load runs; empty when the dataset is not the caller's. */
    private Mono<Boolean> loading(UUID id, Caller caller) {
        return ingestion
                .status(id, caller)
                .map(status ->
                        "loading".equals(mapper.readTree(status).path("status").asString()));
    }
}
