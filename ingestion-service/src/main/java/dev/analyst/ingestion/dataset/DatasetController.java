package dev.analyst.ingestion.dataset;

import dev.analyst.ingestion.web.Caller;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
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

    /**
     * Multipart upload: part {@code file}, optional field {@code name}. Loads before answering
     * {@code 201}, or, with {@code Prefer: respond-async} or {@code ?async=true}, answers {@code 202}
     * as soon as the file is on disk and loads in the background. With {@code ?onError=quarantine},
     * rows that do not fit the table go to {@code <table>__rejected} and the load succeeds.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<Object>> upload(
            Caller caller,
            @RequestBody Flux<PartEvent> parts,
            @RequestHeader(name = "Prefer", required = false) @Nullable String prefer,
            @RequestParam(name = "async", defaultValue = "false") boolean async,
            @RequestParam(name = "onError", defaultValue = "fail") String onError) {
        return upload(caller, DatasetService.Incoming.multipart(parts), prefer, async, onError);
    }

    /**
     * Simple upload: the body is the file itself ({@code Content-Type: text/csv}, {@code
     * application/octet-stream}...), with no multipart framing to take apart; the dataset's name in
     * {@code ?name=}, or from the file name in {@code Content-Disposition}. Answers as the multipart
     * upload does.
     */
    @PostMapping
    Mono<ResponseEntity<Object>> uploadBody(
            Caller caller,
            ServerHttpRequest request,
            @RequestParam(name = "name", required = false) @Nullable String name,
            @RequestHeader(name = "Prefer", required = false) @Nullable String prefer,
            @RequestParam(name = "async", defaultValue = "false") boolean async,
            @RequestParam(name = "onError", defaultValue = "fail") String onError) {
        var disposition = request.getHeaders().getContentDisposition();
        var incoming = DatasetService.Incoming.body(request.getBody(), disposition.getFilename(), name);
        return upload(caller, incoming, prefer, async, onError);
    }

    private Mono<ResponseEntity<Object>> upload(
            Caller caller, DatasetService.Incoming incoming, @Nullable String prefer, boolean async, String onError) {
        boolean quarantine = switch (onError) {
            case "fail" -> false;
            case "quarantine" -> true;
            default -> throw new InvalidErrorMode();
        };
        if (async || respondAsync(prefer)) {
            return datasets.uploadInBackground(caller, incoming, quarantine)
                    .map(accepted -> ResponseEntity.accepted()
                            .location(URI.create(accepted.statusUrl()))
                            .header("Preference-Applied", "respond-async")
                            .body(accepted));
        }
        return datasets.upload(caller, incoming, quarantine)
                .map(dataset -> ResponseEntity.created(URI.create("/api/datasets/" + dataset.id()))
                        .body(dataset));
    }

    /** Where the latest load of the dataset stands: {@code loading}, {@code ready} or {@code failed}. */
    @GetMapping("/{id}/status")
    Mono<LoadStatus> status(Caller caller, @PathVariable UUID id) {
        return datasets.status(caller, id);
    }

    @GetMapping
    Mono<List<DatasetView>> list(Caller caller) {
        return datasets.list(caller);
    }

    @GetMapping("/{id}")
    Mono<DatasetView> find(Caller caller, @PathVariable UUID id) {
        return datasets.find(caller, id);
    }

    /** The current version's profile: column statistics, correlations, sample rows, quality findings. */
    @GetMapping("/{id}/profile")
    Mono<DatasetProfile> profile(Caller caller, @PathVariable UUID id) {
        return datasets.profile(caller, id);
    }

    /** RFC 7240: {@code Prefer} holds comma-separated preferences, possibly with parameters. */
    private static boolean respondAsync(@Nullable String prefer) {
        return prefer != null
                && Arrays.stream(prefer.split(","))
                        .map(preference -> preference.split(";", 2)[0].strip())
                        .anyMatch("respond-async"::equalsIgnoreCase);
    }
}
