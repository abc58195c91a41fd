package dev.analyst.ingestion.dataset;

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

/**
 * Streams a multipart upload as it arrives: the {@code file} part straight into a file on disk (never
 * whole in memory, and cut off at the size limit), the {@code name} field into a string. Non-blocking:
 * file writes go through an asynchronous channel.
 */
final class UploadReceiver {

    static final String FILE_PART = "file";
    static final String NAME_FIELD = "name";

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

    /**
     * Receives the parts into {@code target}.
     *
     * @throws FilePartMissing (as an error signal) when no file part arrived
     * @throws UploadTooLarge (as an error signal) past {@code limit}
     */
    static Mono<Upload> receive(Flux<PartEvent> parts, Path target, DataSize limit) {
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
                        Flux<DataBuffer> content = events.map(PartEvent::content)
                                .handle((buffer, sink) -> {
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
                        return DataBufferUtils.write(
                                content, target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
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
                            target,
                            filename.get(),
                            size.get(),
                            name.get(),
                            HexFormat.of().formatHex(digest.digest()));
                }));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
