package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrowingFileTests {

    @TempDir
    Path directory;

    private void append(Path file, GrowingFile growing, String text) throws IOException {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes, StandardOpenOption.APPEND);
        growing.grew(bytes.length);
    }

    @Test
    void aReaderFollowsTheFileAsItGrowsAndEndsWhenItIsComplete() throws Exception {
        var file = Files.createTempFile(directory, "upload", ".tmp");
        var growing = new GrowingFile(file);
        append(file, growing, "a,b\n");
        var read = CompletableFuture.supplyAsync(() -> {
            try (var in = growing.open()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });

        append(file, growing, "1,2\n");
        // Waiting for the rest, not ended at the bytes written so far: still reading a while later.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !read.isDone());
        append(file, growing, "3,4\n");
        growing.complete();

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("a,b\n1,2\n3,4\n");
        assertThat(growing.awaitSize()).isEqualTo(12);
    }

    @Test
    void aFailedUploadStopsItsReadersWithItsCause() throws Exception {
        var file = Files.createTempFile(directory, "upload", ".tmp");
        var growing = new GrowingFile(file);
        append(file, growing, "a,b\n");
        try (var in = growing.open()) {
            assertThat(in.readNBytes(4)).hasSize(4);
            growing.fail(new UploadTooLarge(org.springframework.util.unit.DataSize.ofBytes(4)));

            assertThatThrownBy(in::read)
                    .isInstanceOf(GrowingFile.UploadFailed.class)
                    .hasCauseInstanceOf(UploadTooLarge.class);
        }
        growing.complete();
        assertThatThrownBy(growing::awaitSize)
                .as("complete after failing is still failed")
                .isInstanceOf(GrowingFile.UploadFailed.class);
    }
}
