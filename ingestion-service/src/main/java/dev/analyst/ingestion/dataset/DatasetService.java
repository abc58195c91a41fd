package dev.analyst.ingestion.dataset;

import dev.analyst.ingestion.BlockingWork;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.csv.EmptyFile;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.NoDataRows;
import dev.analyst.ingestion.source.UnsafeFile;
import dev.analyst.ingestion.source.UnsupportedFormat;
import dev.analyst.ingestion.web.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Uploads and lookups of a tenant's datasets; every blocking step runs on virtual threads. */
@Service
class DatasetService {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);

    private final DatasetLoader loader;
    private final DatasetRegistry registry;
    private final IngestionProperties.Upload settings;
    private final Scheduler blocking;
    private final MeterRegistry meters;
    private final LoadProgress loadProgress;
    private final LoadStatuses statuses;
    private final Duration staleAfter;
    private final TenantLoads tenantLoads;

    DatasetService(
            DatasetLoader loader,
            DatasetRegistry registry,
            IngestionProperties properties,
            @Qualifier(BlockingWork.SCHEDULER) Scheduler blocking,
            MeterRegistry meters,
            LoadProgress loadProgress,
            LoadStatuses statuses,
            TenantLoads tenantLoads) {
        this.loader = loader;
        this.registry = registry;
        this.settings = properties.upload();
        this.blocking = blocking;
        this.meters = meters;
        this.loadProgress = loadProgress;
        this.statuses = statuses;
        this.staleAfter = properties.load().staleAfter();
        this.tenantLoads = tenantLoads;
    }

    /**
     * Spools the upload to a temporary file while loading it, and deletes the file whatever happened.
     * Takes one of the tenant's upload slots for the whole time (429 when none is free).
     *
     * @param quarantine whether rows that do not fit go to a rejected table instead of failing the load
     */
    Mono<DatasetView> upload(Caller caller, Incoming parts, boolean quarantine) {
        return Mono.defer(() -> {
                    var permit = tenantLoads.acquire(caller.tenantId());
                    return Mono.usingWhen(
                                    spoolFile(),
                                    spool -> receive(caller, parts, spool, quarantine)
                                            .flatMap(Receiving::result),
                                    this::deleteLater)
                            // Released before the answer goes out, so a client that uploads again as soon
                            // as it has its 201 finds the slot free; doFinally covers a cancelled upload.
                            .doOnEach(signal -> {
                                if (signal.isOnNext() || signal.isOnError()) {
                                    permit.release();
                                }
                            })
                            .doFinally(signal -> permit.release());
                })
                .doOnSuccess(dataset -> count("ready"))
                .doOnError(error -> count(outcome(error)));
    }

    /**
     * Spools the upload and answers as soon as the file is on disk and its load recorded; the load,
     * under way since the file began to arrive, goes on in the background, reporting its progress on
     * the progress topic and in the status endpoint, and deletes the file when it ends.
     */
    Mono<LoadAccepted> uploadInBackground(Caller caller, Incoming parts, boolean quarantine) {
        return Mono.defer(() -> {
            var permit = tenantLoads.acquire(caller.tenantId());
            var handedOff = new AtomicBoolean();
            return backgroundLoad(caller, parts, quarantine, permit, handedOff).doFinally(signal -> {
                if (!handedOff.get()) {
                    permit.release();
                }
            });
        });
    }

    private Mono<LoadAccepted> backgroundLoad(
            Caller caller, Incoming parts, boolean quarantine, TenantLoads.Permit permit, AtomicBoolean handedOff) {
        return spoolFile()
                .flatMap(spool -> receive(caller, parts, spool, quarantine)
                        .doOnNext(receiving -> {
                            handedOff.set(true);
                            receiving
                                    .result()
                                    .doFinally(signal -> {
                                        delete(spool);
                                        permit.release();
                                    })
                                    .subscribe(
                                            dataset -> count("ready"),
                                            error -> backgroundFailure(receiving.identity(), error));
                        })
                        .map(receiving -> LoadAccepted.of(
                                receiving.identity().datasetId(),
                                receiving.identity().name()))
                        .doOnError(error -> count(outcome(error)))
                        .onErrorResume(error -> deleteLater(spool).then(Mono.error(error)))
                        .doOnCancel(() -> {
                            if (!handedOff.get()) {
                                deleteLater(spool).subscribe();
                            }
                        }));
    }

    /** An upload as it arrives: a multipart form, or a body that is the file. */
    @FunctionalInterface
    interface Incoming {

        /** Receives the file into {@code file}, telling {@code started} when it begins. */
        Mono<UploadReceiver.Upload> receive(GrowingFile file, DataSize limit, UploadReceiver.FileStarted started);

        static Incoming multipart(Flux<PartEvent> parts) {
            return (file, limit, started) -> UploadReceiver.receive(parts, file, limit, started);
        }

        static Incoming body(Flux<DataBuffer> body, @Nullable String filename, @Nullable String name) {
            return (file, limit, started) -> UploadReceiver.receiveBody(body, filename, name, file, limit, started);
        }
    }

    /**
     * An upload received whole and named, and its load, which began with the file part and may still
     * be running.
     */
    private record Receiving(DatasetLoader.Identity identity, Mono<DatasetView> result) {}

    /**
     * Receives the upload into {@code spool}, starting its load as soon as the file part begins, so the
     * file is read (and copied into PostgreSQL) while it arrives. Completes when the upload did; a
     * failed upload fails the load with it, and completes only after the load stopped.
     */
    private Mono<Receiving> receive(Caller caller, Incoming parts, Path spool, boolean quarantine) {
        var file = new GrowingFile(spool);
        var identity = new CompletableFuture<DatasetLoader.Identity>();
        var loading = new AtomicReference<@Nullable CompletableFuture<DatasetView>>();
        UploadReceiver.FileStarted start =
                filename -> loading.set(load(new DatasetLoader.Request(caller, file, filename, quarantine, identity))
                        .toFuture());
        return parts.receive(file, settings.maxSize(), start)
                .flatMap(
                        upload -> Mono.fromCallable(() -> begin(caller, upload)).subscribeOn(blocking))
                .map(named -> {
                    identity.complete(named);
                    var result = loading.get();
                    if (result == null) {
                        throw new IllegalStateException("The upload completed without its load");
                    }
                    return new Receiving(named, Mono.fromFuture(result));
                })
                .onErrorResume(error -> {
                    file.fail(error);
                    identity.completeExceptionally(error);
                    return settled(loading.get()).then(Mono.error(error));
                });
    }

    /** Completes when the load, if one began, has stopped, whatever its outcome. */
    private static Mono<Void> settled(@Nullable CompletableFuture<DatasetView> load) {
        return load == null
                ? Mono.empty()
                : Mono.fromFuture(load).onErrorResume(error -> Mono.empty()).then();
    }

    /** Where the latest load of the dataset stands; a dataset loaded before loads were recorded reads ready. */
    Mono<LoadStatus> status(Caller caller, UUID id) {
        return Mono.fromCallable(() -> statuses.find(caller.tenantId(), id, staleAfter)
                        .or(() -> registry.find(caller.tenantId(), id)
                                .map(row -> new LoadStatus(
                                        row.id(),
                                        row.name(),
                                        LoadStatus.READY,
                                        "done",
                                        0,
                                        -1,
                                        row.rowCount(),
                                        null,
                                        row.updatedAt())))
                        .orElseThrow(() -> new DatasetNotFound(id)))
                .subscribeOn(blocking);
    }

    Mono<List<DatasetView>> list(Caller caller) {
        return Mono.fromCallable(() -> registry.list(caller.tenantId()).stream()
                        .map(DatasetRow::toView)
                        .toList())
                .subscribeOn(blocking);
    }

    Mono<DatasetView> find(Caller caller, UUID id) {
        return Mono.fromCallable(() -> registry.find(caller.tenantId(), id)
                        .map(DatasetRow::toView)
                        .orElseThrow(() -> new DatasetNotFound(id)))
                .subscribeOn(blocking);
    }

    /** The profile of the dataset's current version, if it belongs to the caller's tenant and was profiled. */
    Mono<DatasetProfile> profile(Caller caller, UUID id) {
        return Mono.fromCallable(() -> {
                    var dataset = registry.find(caller.tenantId(), id).orElseThrow(() -> new DatasetNotFound(id));
                    var tables = registry.profile(caller.tenantId(), id, dataset.version())
                            .orElseThrow(() -> new ProfileNotFound(id));
                    return new DatasetProfile(id, dataset.name(), dataset.version(), tables);
                })
                .subscribeOn(blocking);
    }

    /** Names the dataset, finds its id (or makes one for a new dataset) and records that its load began. */
    private DatasetLoader.Identity begin(Caller caller, UploadReceiver.Upload upload) {
        var filename = upload.filename();
        var name = DatasetNames.validate(
                upload.name() != null && !upload.name().isBlank()
                        ? upload.name()
                        : DatasetNames.fromFilename(filename));
        var previous = registry.findByName(caller.tenantId(), name, false);
        if (previous.isPresent() && !previous.get().kind().equals(DatasetRow.CSV)) {
            // Refused before a load is recorded, so the other dataset's status is left alone.
            throw new DatasetNameTaken(name, previous.get().kind());
        }
        var datasetId = previous.map(DatasetRow::id).orElseGet(UUID::randomUUID);
        loadProgress.started(datasetId, caller.tenantId(), name, upload.size());
        return new DatasetLoader.Identity(
                datasetId, name, DatasetNames.baseName(filename), upload.sha256(), upload.size());
    }

    /**
     * Loads on a virtual thread; a failure, whatever raised it, ends the load's progress with a
     * reason (unless the upload itself failed: that is answered as such, with no load recorded).
     */
    private Mono<DatasetView> load(DatasetLoader.Request request) {
        return Mono.fromCallable(() -> {
                    try {
                        return loader.load(request);
                    } catch (IOException | RuntimeException e) {
                        // A load can fail before its upload completed (a bad line early in a large file):
                        // the failure is recorded once the load is, so it is not overwritten as begun.
                        identity(request)
                                .ifPresent(known -> loadProgress.failed(
                                        known.datasetId(),
                                        request.caller().tenantId(),
                                        known.name(),
                                        failureMessage(e)));
                        throw e;
                    }
                })
                .subscribeOn(blocking);
    }

    /** The dataset the upload is for, once it completed; empty when the upload failed. */
    private static java.util.Optional<DatasetLoader.Identity> identity(DatasetLoader.Request request) {
        try {
            return java.util.Optional.of(request.identity().join());
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return java.util.Optional.empty();
        }
    }

    private void backgroundFailure(DatasetLoader.Identity identity, Throwable error) {
        var outcome = outcome(error);
        count(outcome);
        if (outcome.equals("rejected")) {
            log.info("The background load of dataset {} was rejected: {}", identity.datasetId(), error.getMessage());
        } else {
            log.error("The background load of dataset {} failed", identity.datasetId(), error);
        }
    }

    /** What the person who uploaded the file reads: the problem of the file, never internals. */
    static String failureMessage(Throwable error) {
        if (error instanceof ErrorResponseException response
                && response.getBody().getDetail() != null) {
            return response.getBody().getDetail();
        }
        if (error instanceof EmptyFile
                || error instanceof NoDataRows
                || error instanceof MalformedFile
                || error instanceof UnsupportedFormat
                || error instanceof UnsafeFile) {
            return error.getMessage();
        }
        return "The load failed for a reason on our side; it has been logged. Try again later.";
    }

    private Mono<Path> spoolFile() {
        return Mono.fromCallable(this::createSpoolFile).subscribeOn(blocking);
    }

    private Mono<Void> deleteLater(Path spool) {
        return Mono.<Void>fromRunnable(() -> delete(spool)).subscribeOn(blocking);
    }

    private Path createSpoolFile() throws IOException {
        var directory = settings.tempDirectory();
        return directory == null
                ? Files.createTempFile(LeftoverSpools.UPLOAD_PREFIX, ".tmp")
                : Files.createTempFile(Files.createDirectories(directory), LeftoverSpools.UPLOAD_PREFIX, ".tmp");
    }

    private static void delete(Path spool) {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            log.warn("Could not delete the spooled upload {}", spool, new UncheckedIOException(e));
        }
    }

    private void count(String outcome) {
        meters.counter("analyst.ingestion.uploads", "outcome", outcome).increment();
    }

    private static String outcome(Throwable error) {
        return error instanceof ErrorResponseException
                        || error instanceof EmptyFile
                        || error instanceof NoDataRows
                        || error instanceof MalformedFile
                        || error instanceof UnsupportedFormat
                        || error instanceof UnsafeFile
                ? "rejected"
                : "failed";
    }
}
