package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyEncoderTests {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CopyEncoder encoder = new CopyEncoder(bytes::write);

    @Test
    void writesCopyTextWithEscapesAndNulls() throws IOException {
        encoder.text("a\tb\\c\nd\re");
        encoder.value("42");
        encoder.nul();
        encoder.endRow();
        encoder.text("");
        encoder.endRow();
        encoder.flush();

        assertThat(written()).isEqualTo("a\\tb\\\\c\\nd\\re\t42\t\\N\n\n");
    }

    @Test
    void encodesEveryCharacterAsUtf8LikeTheJdk() throws IOException {
        var text = "Zürich São Paulo 東京 😀 ÿ";
        encoder.text(text);
        encoder.flush();

        assertThat(bytes.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesALoneSurrogateAsTheReplacementCharacter() throws IOException {
        encoder.text("a\uD800b");
        encoder.flush();

        assertThat(written()).isEqualTo("a\uFFFDb");
    }

    @Test
    void cellsLongerThanTheBufferArriveWhole() throws IOException {
        var longCell = "ä".repeat(100_000) + "x".repeat(70_001);
        encoder.text(longCell);
        encoder.text("tail");
        encoder.endRow();
        encoder.flush();

        assertThat(written()).isEqualTo(longCell + "\ttail\n");
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
