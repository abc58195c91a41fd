package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvGeneratorTests {

    @TempDir
    Path folder;

    @Test
    void writesTheSameBytesForTheSameSeed() throws IOException {
        var first = folder.resolve("first.csv");
        var second = folder.resolve("second.csv");
        CsvGenerator.write(first, 200_000, Long.MAX_VALUE, 7);
        CsvGenerator.write(second, 200_000, Long.MAX_VALUE, 7);
        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
    }

    @Test
    void writesACsvFileEveryReaderParsesIntoTheExpectedColumns() throws IOException {
        var file = folder.resolve("bench.csv");
        var written = CsvGenerator.write(file, 300_000, Long.MAX_VALUE, 42);

        var records = new ArrayList<List<String>>();
        try (var reader = CsvReader.builder().ofCsvRecord(file)) {
            reader.forEach(record -> records.add(record.getFields()));
        }

        assertThat(written.bytes()).isEqualTo(Files.size(file)).isGreaterThanOrEqualTo(300_000);
        assertThat(records).hasSize(Math.toIntExact(written.rows()) + 1);
        assertThat(records.getFirst()).isEqualTo(CsvGenerator.HEADER);
        assertThat(records).allSatisfy(fields -> assertThat(fields).hasSize(CsvGenerator.HEADER.size()));
        var comments = records.stream().skip(1).map(fields -> fields.get(11)).toList();
        assertThat(comments).anyMatch(String::isEmpty);
        assertThat(comments).anyMatch(comment -> comment.contains("\n"));
        assertThat(comments).anyMatch(comment -> comment.contains("\""));
        assertThat(comments).anyMatch(comment -> comment.contains(","));
        assertThat(records.stream().skip(1).map(fields -> fields.get(9))).containsOnly("yes", "no");
    }

    @Test
    void stopsAtTheRowLimit() throws IOException {
        var written = CsvGenerator.write(folder.resolve("rows.csv"), Long.MAX_VALUE, 1_000, 1);
        assertThat(written.rows()).isEqualTo(1_000);
    }
}
