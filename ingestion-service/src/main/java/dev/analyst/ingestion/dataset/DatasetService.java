package dev.analyst.ingestion.dataset;

import dev.analyst.ingestion.BlockingWork;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.csv.EmptyFile;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.NoDataRows;
import dev.analyst.ingestion.web.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Uploads and lookups of a tenant's datasets; every blocking step runs on virtual threads. */
@Service
class DatasetService {

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);

    private final CsvLoader loader;
    private final DatasetRegistry registry;
    private final IngestionProperties.Upload settings;
    private final Scheduler blocking;
    private final MeterRegistry meters;

    DatasetService(
            CsvLoader loader,
            DatasetRegistry registry,
            IngestionProperties properties,
            @Qualifier(BlockingWork.SCHEDULER) Scheduler blocking,
            MeterRegistry meters) {
        this.loader = loader;
        this.registry = registry;
        this.settings = properties.upload();
        this.blocking = blocking;
        this.meters = meters;
    }

    /** Spools the upload to a temporary file, loads it, and deletes the file whatever happened. */
    Mono<DatasetView> upload(Caller caller, Flux<PartEvent> parts) {
        return Mono.usingWhen(
                        Mono.fromCallable(this::createSpoolFile).subscribeOn(blocking),
                        spool -> UploadReceiver.receive(parts, spool, settings.maxSize())
                                .flatMap(upload -> Mono.fromCallable(() -> loader.load(request(caller, upload)))
                                        .subscribeOn(blocking)),
                        spool -> Mono.fromRunnable(() -> delete(spool)).subscribeOn(blocking))
                .doOnSuccess(dataset -> count("ready"))
                .doOnError(error -> count(outcome(error)));
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

    private static CsvLoader.Request request(Caller caller, UploadReceiver.Upload upload) {
        var filename = upload.filename();
        var name =
                upload.name() != null && !upload.name().isBlank() ? upload.name() : DatasetNames.fromFilename(filename);
        return new CsvLoader.Request(
                caller, DatasetNames.validate(name), DatasetNames.baseName(filename), upload.file());
    }

    private Path createSpoolFile() throws IOException {
        var directory = settings.tempDirectory();
        return directory == null
                ? Files.createTempFile("analyst-upload-", ".tmp")
                : Files.createTempFile(Files.createDirectories(directory), "analyst-upload-", ".tmp");
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
                ? "rejected"
                : "failed";
    }
}
