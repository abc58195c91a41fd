package dev.analyst.gateway.run;

import dev.analyst.gateway.auth.Caller;
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

/** {@code GET /api/runs/{runId}/events}: a run's events as a resumable SSE stream. */
@RestController
class RunEventsController {

    private final RunLedger runs;
    private final RunEventStreams streams;

    RunEventsController(RunLedger runs, RunEventStreams streams) {
        this.runs = runs;
        this.streams = streams;
    }

    /**
     * Resumes after {@code Last-Event-ID} (what a browser's EventSource sends when it reconnects) or
     * the {@code lastEventId} query parameter; from the start without either.
     */
    @GetMapping("/api/runs/{runId}/events")
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> events(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable UUID runId,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParameter) {
        var resumed = EventStreamResponses.resumeAfter(lastEventIdHeader, lastEventIdParameter);
        var after = resumed == null ? StreamId.ZERO : resumed;
        // The run is looked up before the response starts, so a stranger's run is a plain 404.
        return runs.find(runId, caller.tenantId(), caller.userId())
                .switchIfEmpty(Mono.error(() -> new RunNotFound(runId)))
                .map(run -> EventStreamResponses.ok(streams.stream(run, after)));
    }
}
