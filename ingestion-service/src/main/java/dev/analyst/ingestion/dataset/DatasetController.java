package dev.analyst.ingestion.dataset;

import dev.analyst.ingestion.web.Caller;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/datasets}: upload a file as a dataset, list and read the tenant's datasets. */
@RestController
@RequestMapping("/api/datasets")
class DatasetController {

    private final DatasetService datasets;

    DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    /** Multipart upload: part {@code file} (delimited text), optional field {@code name}. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<DatasetView>> upload(Caller caller, @RequestBody Flux<PartEvent> parts) {
        return datasets.upload(caller, parts)
                .map(dataset -> ResponseEntity.created(URI.create("/api/datasets/" + dataset.id()))
                        .body(dataset));
    }

    @GetMapping
    Mono<List<DatasetView>> list(Caller caller) {
        return datasets.list(caller);
    }

    @GetMapping("/{id}")
    Mono<DatasetView> find(Caller caller, @PathVariable UUID id) {
        return datasets.find(caller, id);
    }
}
