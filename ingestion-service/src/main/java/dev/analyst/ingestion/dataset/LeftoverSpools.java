package dev.analyst.ingestion.dataset;

import dev.analyst.ingestion.IngestionProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Deletes the spool files an instance that stopped in the middle of an upload left behind (a killed
 * process deletes nothing). Only files untouched for {@code load.stale-after}: the directory may be
 * shared with another instance whose uploads are still arriving, and those files keep changing.
 */
@Component
class LeftoverSpools implements ApplicationRunner {

    /** The prefixes of the files uploads and quarantined rows are spooled to. */
    static final String UPLOAD_PREFIX = "analyst-upload-";

    static final String REJECTED_PREFIX = "analyst-rejected-";

    private static final Logger log = LoggerFactory.getLogger(LeftoverSpools.class);

    private final Path directory;
    private final Duration staleAfter;
    private final Clock clock;

    @Autowired
    LeftoverSpools(IngestionProperties properties) {
        this(
                properties.upload().tempDirectory() == null
                        ? Path.of(System.getProperty("java.io.tmpdir"))
                        : properties.upload().tempDirectory(),
                properties.load().staleAfter(),
                Clock.systemUTC());
    }

    LeftoverSpools(Path directory, Duration staleAfter, Clock clock) {
        this.directory = directory;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        int deleted = sweep();
        if (deleted > 0) {
            log.warn("Deleted {} spool file(s) of uploads interrupted by an earlier stop", deleted);
        }
    }

    /** Deletes the stale spool files; how many. */
    int sweep() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        var before = Instant.now(clock).minus(staleAfter);
        int deleted = 0;
        try (var files = Files.newDirectoryStream(directory, "{" + UPLOAD_PREFIX + "," + REJECTED_PREFIX + "}*.tmp")) {
            for (var file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    log.warn("Could not delete the leftover spool file {}", file, e);
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for leftover spool files in {}", directory, e);
        }
        return deleted;
    }
}
