package dev.analyst.gateway.ingestion;

import dev.analyst.gateway.auth.Caller;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Datasets and datasources, owned by ingestion-service and reached through the gateway so a client
 * needs one address and one API key.
 */
@RestController
class IngestionController {

    private final IngestionClient ingestion;

    IngestionController(IngestionClient ingestion) {
        this.ingestion = ingestion;
    }

    /** Uploads (multipart), new datasources and refreshes; the body is streamed through untouched. */
    @PostMapping({"/api/datasets", "/api/datasources", "/api/datasources/{id}/refresh"})
    Mono<ResponseEntity<Flux<DataBuffer>>> create(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange) {
        return ingestion.forward(exchange.getRequest(), caller);
    }

    @GetMapping({
        "/api/datasets",
        "/api/datasets/{id}",
        "/api/datasets/{id}/status",
        "/api/datasets/{id}/profile",
        "/api/datasources"
    })
    Mono<ResponseEntity<Flux<DataBuffer>>> read(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange) {
        return ingestion.forward(exchange.getRequest(), caller);
    }
}
