package dev.analyst.gateway.run;

import dev.analyst.gateway.auth.Caller;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/runs/{runId}/cancel}: stops one of the caller's runs. 202 when the request is on its
 * way (the run's stream then ends with {@code RunFailed} reason {@code cancelled}); 409 for a run that has
 * already ended; 404 for a run that is not the caller's. Closing a stream never cancels a run: only this.
 */
@RestController
class CancelController {

    private final Cancellation cancellation;

    CancelController(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    @PostMapping("/api/runs/{runId}/cancel")
    Mono<ResponseEntity<CancelRequested>> cancel(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID runId) {
        var events = "/api/runs/" + runId + "/events";
        return cancellation
                .cancel(caller, runId)
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.error(() -> new RunAlreadyEnded(runId)))
                .map(sent -> ResponseEntity.accepted()
                        .location(URI.create(events))
                        .body(new CancelRequested(runId, events)));
    }

    /** The answer to a cancel on its way: where the run's end will show. */
    record CancelRequested(UUID runId, String events) {}
}
