package dev.analyst.ingestion.dataset;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams a multipart upload as it arrives: the {@code file} part straight into a file on disk (never
 * whole in memory, and cut off at the size limit), the {@code name} field into a string. Non-blocking:
 * file writes go through an asynchronous channel, and each write is announced to the {@link
 * GrowingFile}, so a load can read the file while it arrives.
 */
final class UploadReceiver {

    static final String FILE_PART = "file";
    static final String NAME_FIELD = "name";

    /** Network buffers queued for the file writer (a few MiB at most). */
    private static final int WRITE_AHEAD = 256;

    private UploadReceiver() {}

    /**
     * What arrived.
     *
     * @param filename the client's file name, as sent
     * @param name the {@code name} field, when sent
     * @param sha256 the file's SHA-256, hex, computed as it arrived
     */
    record Upload(
            Path file,
            @Nullable String filename,
            long size,
            @Nullable String name,
            String sha256) {}

    /** Told when the file part begins, before its first byte is written. */
    @FunctionalInterface
    interface FileStarted {
        void started(@Nullable String filename);
    }

    /**
     * Receives the parts into {@code target}, which completes with the file part (or fails with the
     * upload).
     *
     * @throws FilePartMissing (as an error signal) when no file part arrived
     * @throws UploadTooLarge (as an error signal) past {@code limit}
     */
    static Mono<Upload> receive(Flux<PartEvent> parts, GrowingFile target, DataSize limit, FileStarted fileStarted) {
        var size = new AtomicLong();
        var filename = new AtomicReference<@Nullable String>();
        var name = new AtomicReference<@Nullable String>();
        var sawFile = new AtomicReference<Boolean>(false);
        var digest = sha256();
        return parts.windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    var event = first.get();
                    if (event instanceof FilePartEvent file && FILE_PART.equals(file.name()) && !sawFile.get()) {
                        sawFile.set(true);
                        filename.set(file.filename());
                        fileStarted.started(file.filename());
                        var content = limitedAndHashed(events.map(PartEvent::content), size, limit, digest);
                        return write(content, target);
                    }
                    if (event instanceof FormPartEvent form && NAME_FIELD.equals(form.name())) {
                        name.set(form.value());
                    }
                    // Parts this endpoint does not use are drained so their buffers go back to the pool.
                    return events.doOnNext(unused -> DataBufferUtils.release(unused.content()))
                            .then();
                }))
                .then(Mono.fromCallable(() -> {
                    if (!sawFile.get()) {
                        throw new FilePartMissing();
                    }
                    return new Upload(
                            target.path(),
                            filename.get(),
                            size.get(),
                            name.get(),
                            HexFormat.of().formatHex(digest.digest()));
                }))
                .transform(upload -> failingWith(upload, target));
    }

    /**
     * Receives a request body that is the file itself ({@code Content-Type: text/csv} and the like),
     * into {@code target}.
     *
     * @param filename the file name from {@code Content-Disposition}, if sent
     * @param name the dataset name from the query, if sent
     * @throws UploadTooLarge (as an error signal) past {@code limit}
     */
    static Mono<Upload> receiveBody(
            Flux<DataBuffer> body,
            @Nullable String filename,
            @Nullable String name,
            GrowingFile target,
            DataSize limit,
            FileStarted fileStarted) {
        var size = new AtomicLong();
        var digest = sha256();
        return Mono.defer(() -> {
                    fileStarted.started(filename);
                    return write(limitedAndHashed(body, size, limit, digest), target);
                })
                .then(Mono.fromCallable(() -> new Upload(
                        target.path(),
                        filename,
                        size.get(),
                        name,
                        HexFormat.of().formatHex(digest.digest()))))
                .transform(upload -> failingWith(upload, target));
    }

    /** An upload that fails, or is cancelled, fails the file's readers with it. */
    private static Mono<Upload> failingWith(Mono<Upload> upload, GrowingFile target) {
        return upload.doOnError(target::fail)
                .doOnCancel(
                        () -> target.fail(new java.util.concurrent.CancellationException("The upload was cancelled")));
    }

    /** The buffers, cut off past the limit and fed to the digest on their way. */
    private static Flux<DataBuffer> limitedAndHashed(
            Flux<DataBuffer> buffers, AtomicLong size, DataSize limit, MessageDigest digest) {
        return buffers.handle((buffer, sink) -> {
            if (size.addAndGet(buffer.readableByteCount()) > limit.toBytes()) {
                DataBufferUtils.release(buffer);
                sink.error(new UploadTooLarge(limit));
            } else {
                // Read-only views: hashing does not move the buffer's read position.
                try (var views = buffer.readableByteBuffers()) {
                    views.forEachRemaining(digest::update);
                }
                sink.next(buffer);
            }
        });
    }

    /**
     * Appends the buffers to the file, announcing each once written, and completes the file at the
     * end. Writes go to the page cache, so a plain write on a worker thread costs a copy; an
     * asynchronous write per network buffer cost several times more in thread hand-offs. The prefetch
     * lets the connection go on reading while the worker writes.
     */
    private static Mono<Void> write(Flux<DataBuffer> content, GrowingFile target) {
        return Mono.using(
                () -> FileChannel.open(target.path(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                channel -> content.publishOn(Schedulers.boundedElastic(), WRITE_AHEAD)
                        .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                        .<Integer>handle((buffer, sink) -> {
                            int bytes = buffer.readableByteCount();
                            try (var views = buffer.readableByteBuffers()) {
                                while (views.hasNext()) {
                                    var view = views.next();
                                    while (view.hasRemaining()) {
                                        channel.write(view);
                                    }
                                }
                                sink.next(bytes);
                            } catch (java.io.IOException e) {
                                sink.error(e);
                            } finally {
                                DataBufferUtils.release(buffer);
                            }
                        })
                        .doOnNext(target::grew)
                        .then(Mono.fromRunnable(target::complete)),
                UploadReceiver::close);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (java.io.IOException e) {
            // Nothing was lost: every write completed before, or the upload failed anyway.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
