package dev.analyst.ingestion.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An uploaded file on disk, which may still be arriving: a load starts reading it while the upload is
 * under way, so receiving and loading overlap.
 */
public interface UploadedFile {

    /** Where it is spooled. Formats that need the whole file ({@link #awaitSize()} first) read it here. */
    Path path();

    /**
     * Its bytes from the start. Reading waits for bytes still to arrive and ends at the end of the
     * complete file; it fails when the upload fails.
     */
    InputStream open() throws IOException;

    /** Waits until the file is complete; its size. Fails when the upload fails. */
    long awaitSize() throws IOException;

    /** A file that is already whole. */
    static UploadedFile complete(Path path) {
        return new UploadedFile() {
            @Override
            public Path path() {
                return path;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }

            @Override
            public long awaitSize() throws IOException {
                return Files.size(path);
            }
        };
    }
}
