package dev.analyst.gateway.dashboard;

import dev.analyst.gateway.auth.Caller;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dataset's dashboard ({@code GET /api/datasets/{id}/dashboard}), redrawing it on request, and pinning
 * an answer's chart to it ({@code POST /api/runs/{runId}/pin}); both changes are accepted (202) and
 * happen in execution, which publishes the new dashboard.
 */
@RestController
class DashboardController {

    private final Dashboards dashboards;
    private final JsonMapper mapper;

    DashboardController(Dashboards dashboards, JsonMapper mapper) {
        this.dashboards = dashboards;
        this.mapper = mapper;
    }

    /**
     * The dashboard, with an {@code ETag} (the publication's event id) and {@code Last-Modified} that change
     * with every drawing, even one that looks the same: how a client sees a regeneration land.
     */
    @GetMapping(value = "/api/datasets/{datasetId}/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<JsonNode>> dashboard(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID datasetId) {
        return dashboards
                .find(caller, datasetId)
                .map(stored -> ResponseEntity.ok()
                        .eTag(stored.eventId().toString())
                        .lastModified(stored.publishedAt())
                        .cacheControl(CacheControl.noCache().cachePrivate())
                        .body(mapper.readTree(stored.json())));
    }

    @PostMapping("/api/datasets/{datasetId}/dashboard/regenerate")
    Mono<ResponseEntity<Void>> regenerate(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID datasetId) {
        return dashboards
                .regenerate(caller, datasetId)
                .thenReturn(ResponseEntity.accepted().build());
    }

    @PostMapping("/api/runs/{runId}/pin")
    Mono<ResponseEntity<Void>> pin(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID runId) {
        return dashboards
                .pin(caller, runId)
                .thenReturn(ResponseEntity.accepted().build());
    }
}
