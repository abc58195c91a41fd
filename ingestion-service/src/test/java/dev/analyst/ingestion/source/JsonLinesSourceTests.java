package dev.analyst.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.ScannedColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class JsonLinesSourceTests {

    @TempDir
    Path directory;

    private Path file(String content) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "upload", ".jsonl"), content, StandardCharsets.UTF_8);
    }

    private static JsonLinesSource source(Path file) {
        return new JsonLinesSource(file, JsonMapper.builder().build(), 1600, 1 << 20);
    }

    @Test
    void makesColumnsOfTheUnionOfKeysInFirstSeenOrderAndKeepsNestedValuesAsJson() throws IOException {
        var file = file("""
                {"id": 1, "name": "Ada", "tags": ["math", "code"]}

                {"id": 2, "address": {"city": "London"}, "name": null}\r
                {"name": "Grace", "id": 3, "score": 9.5}
                """);
        var sink = new RecordingSink();

        source(file).read(sink);

        var table = sink.tables.getFirst();
        assertThat(table.header()).containsExactly("id", "name", "tags", "address", "score");
        assertThat(table.rows())
                .containsExactly(
                        Arrays.asList("1", "Ada", "[\"math\",\"code\"]"),
                        Arrays.asList("2", null, null, "{\"city\":\"London\"}"),
                        Arrays.asList("3", "Grace", null, null, "9.5"));
        var scan = new TableScanner(1600, 50, 20, 200)
                .scan(file, source(file))
                .tables()
                .getFirst();
        assertThat(scan.columns())
                .extracting(ScannedColumn::type)
                .containsExactly(
                        ColumnType.BIGINT, ColumnType.TEXT, ColumnType.TEXT, ColumnType.TEXT, ColumnType.NUMERIC);
        assertThat(scan.columns()).extracting(ScannedColumn::nullable).containsExactly(false, true, true, true, true);
    }

    @Test
    void namesTheLineThatIsNotAnObject() throws IOException {
        var file = file("{\"a\": 1}\n{\"a\": 2}\n[3]\n");

        assertThatThrownBy(() -> source(file).read(new RecordingSink()))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void namesTheLineThatIsNotJson() throws IOException {
        var file = file("{\"a\": 1}\n{\"a\": \n");

        assertThatThrownBy(() -> source(file).read(new RecordingSink()))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
