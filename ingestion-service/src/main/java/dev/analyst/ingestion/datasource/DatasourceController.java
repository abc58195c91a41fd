package dev.analyst.ingestion.datasource;

import dev.analyst.ingestion.web.Caller;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/datasources}: connect a PostgreSQL database as a dataset, list the connected ones. */
@RestController
@RequestMapping("/api/datasources")
class DatasourceController {

    private final DatasourceService datasources;

    DatasourceController(DatasourceService datasources) {
        this.datasources = datasources;
    }

    @PostMapping
    Mono<ResponseEntity<DatasourceView>> register(Caller caller, @Valid @RequestBody DatasourceRequest request) {
        return datasources
                .register(caller, request)
                .map(view -> ResponseEntity.created(URI.create("/api/datasets/" + view.id()))
                        .body(view));
    }

    /** Introspects the database again: new tables, columns and keys become a new dataset version. */
    @PostMapping("/{id}/refresh")
    Mono<DatasourceView> refresh(Caller caller, @PathVariable UUID id) {
        return datasources.refresh(caller, id);
    }

    @GetMapping
    Mono<List<DatasourceView>> list(Caller caller) {
        return datasources.list(caller);
    }
}
