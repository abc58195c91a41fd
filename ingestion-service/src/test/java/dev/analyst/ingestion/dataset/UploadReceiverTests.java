package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class UploadReceiverTests {

    @TempDir
    Path directory;

    private final List<@Nullable String> started = new ArrayList<>();

    private static Flux<DataBuffer> chunks(String... chunks) {
        return Flux.fromArray(chunks)
                .map(chunk -> DefaultDataBufferFactory.sharedInstance.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
    }

    private static Flux<PartEvent> file(String... chunks) {
        return FilePartEvent.create("file", "C:\\exports\\sales.csv", MediaType.TEXT_PLAIN, chunks(chunks))
                .cast(PartEvent.class);
    }

    @Test
    void streamsTheFilePartToDiskAndReadsTheNameField() throws IOException {
        var target = Files.createTempFile(directory, "upload", ".tmp");
        var parts = Flux.concat(
                FormPartEvent.create("ignored", "x"), file("a,b\n", "1,2\n"), FormPartEvent.create("name", "Sales"));

        StepVerifier.create(
                        UploadReceiver.receive(parts, new GrowingFile(target), DataSize.ofKilobytes(1), started::add))
                .assertNext(upload -> {
                    assertThat(upload.name()).isEqualTo("Sales");
                    assertThat(upload.size()).isEqualTo(8);
                    assertThat(DatasetNames.fromFilename(upload.filename())).isEqualTo("sales");
                })
                .verifyComplete();
        assertThat(Files.readString(target)).isEqualTo("a,b\n1,2\n");
        assertThat(started)
                .as("told when the file part began, with its name")
                .containsExactly("C:\\exports\\sales.csv");
    }

    @Test
    void refusesUploadsWithoutAFilePart() throws IOException {
        var target = Files.createTempFile(directory, "upload", ".tmp");

        StepVerifier.create(UploadReceiver.receive(
                        Flux.from(FormPartEvent.create("name", "x")),
                        new GrowingFile(target),
                        DataSize.ofKilobytes(1),
                        started::add))
                .expectError(FilePartMissing.class)
                .verify();
    }

    @Test
    void stopsAtTheSizeLimit() throws IOException {
        var target = Files.createTempFile(directory, "upload", ".tmp");
        var growing = new GrowingFile(target);

        StepVerifier.create(UploadReceiver.receive(
                        file("0123456789", "0123456789"), growing, DataSize.ofBytes(15), started::add))
                .expectError(UploadTooLarge.class)
                .verify();
        assertThatThrownBy(growing::awaitSize)
                .as("a reader following the file learns the upload failed")
                .isInstanceOf(GrowingFile.UploadFailed.class)
                .hasCauseInstanceOf(UploadTooLarge.class);
    }
}
