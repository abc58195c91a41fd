package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverSpoolsTests {

    @TempDir
    Path directory;

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");

    private Path file(String name, Duration age) throws IOException {
        var file = Files.writeString(directory.resolve(name), "a,b\n");
        Files.setLastModifiedTime(file, FileTime.from(now.minus(age)));
        return file;
    }

    @Test
    void deletesOnlyStaleSpoolFilesAndLeavesEverythingElse() throws IOException {
        var staleUpload = file("analyst-upload-123.tmp", Duration.ofHours(1));
        var staleRejected = file("analyst-rejected-456.tmp", Duration.ofMinutes(11));
        var arriving = file("analyst-upload-789.tmp", Duration.ofSeconds(5));
        var someoneElses = file("report-2024.tmp", Duration.ofDays(3));

        int deleted = new LeftoverSpools(directory, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC)).sweep();

        assertThat(deleted).isEqualTo(2);
        assertThat(staleUpload).doesNotExist();
        assertThat(staleRejected).doesNotExist();
        assertThat(arriving).as("an upload another instance is still receiving").exists();
        assertThat(someoneElses).exists();
    }

    @Test
    void aMissingDirectoryIsNothingToSweep() {
        assertThat(new LeftoverSpools(directory.resolve("absent"), Duration.ofMinutes(10), Clock.systemUTC()).sweep())
                .isZero();
    }
}
