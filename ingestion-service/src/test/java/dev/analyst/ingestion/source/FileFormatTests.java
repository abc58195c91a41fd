package dev.analyst.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.ingestion.csv.MalformedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class FileFormatTests {

    @TempDir
    Path directory;

    private final TabularSources sources = new TabularSources(
            new dev.analyst.ingestion.IngestionProperties.Upload(
                    DataSize.ofGigabytes(1),
                    1600,
                    null,
                    new dev.analyst.ingestion.IngestionProperties.Workbook(1000, DataSize.ofGigabytes(1), 100),
                    DataSize.ofMegabytes(1),
                    10_000,
                    2,
                    java.time.Duration.ofSeconds(10)),
            JsonMapper.builder().build());

    private Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(directory, "upload", ".bin"), content);
    }

    @Test
    void tellsFormatsApartByContentWhateverTheFileIsCalled() throws IOException {
        assertThat(sources.open(file(TestFiles.twoSheetWorkbook()), "data.csv").format())
                .isEqualTo(FileFormat.XLSX);
        assertThat(sources.open(file("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)), "data.xlsx")
                        .format())
                .isEqualTo(FileFormat.JSON_LINES);
        assertThat(sources.open(file(TestFiles.twoSheetLegacyWorkbook()), "data.xlsx")
                        .format())
                .isEqualTo(FileFormat.XLS);
        assertThat(sources.open(file("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)), "data.xlsx")
                        .format())
                .isEqualTo(FileFormat.CSV);
    }

    @Test
    void refusesDocumentsArchivesAndTruncatedWorkbooksAndParquet() throws IOException {
        var xls = file(new byte[] {
            (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0
        });
        var parquet = file("PAR1\0\0\0\0PAR1".getBytes(StandardCharsets.ISO_8859_1));
        var archive = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.ZipOutputStream(archive)) {
            out.putNextEntry(new java.util.zip.ZipEntry("notes.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        var zip = file(archive.toByteArray());

        assertThatThrownBy(() -> sources.open(xls, "old.xls").read(new RecordingSink()))
                .isInstanceOf(MalformedFile.class)
                .hasMessageContaining(".xls");
        assertThatThrownBy(() -> sources.open(parquet, "data.parquet").read(new RecordingSink()))
                .isInstanceOf(MalformedFile.class)
                .hasMessageContaining("Parquet");
        var pdf = file("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> sources.open(pdf, "table.csv"))
                .isInstanceOf(UnsupportedFormat.class)
                .hasMessageContaining("PDF")
                .hasMessageContaining("Supported formats: CSV");
        assertThatThrownBy(() -> sources.open(zip, "archive.zip"))
                .isInstanceOf(UnsupportedFormat.class)
                .hasMessageContaining("not an Excel .xlsx workbook");
    }

    @Test
    void refusesGarbageNamedLikeAWorkbookAsBinary() throws IOException {
        var garbage = file(new byte[] {0x13, 0x37, 0, 1, 2, 3, (byte) 0xFF, 0, 0x7F});

        assertThatThrownBy(() -> sources.open(garbage, "report.xlsx"))
                .isInstanceOf(MalformedFile.class)
                .hasMessageContaining("binary");
    }
}
