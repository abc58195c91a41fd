package dev.analyst.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.ScannedColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSourceTests {

    @TempDir
    Path directory;

    @Test
    void readsColumnsWithTheirLogicalTypesAndNulls() throws IOException {
        var file = Files.write(directory.resolve("table.parquet"), TestFiles.parquet());
        var sink = new RecordingSink();

        new ParquetSource(file, 1600, 1L << 30).read(sink);
        var scan = new TableScanner(1600, 50, 20, 200).scan(file, new ParquetSource(file, 1600, 1L << 30));

        var table = sink.tables.getFirst();
        assertThat(table.header()).containsExactly("id", "name", "day", "price", "seen_at");
        assertThat(table.rows())
                .containsExactly(
                        Arrays.asList("1", "item 1", "2024-01-01", "10.05", "2024-01-01T00:00:01Z"),
                        Arrays.asList("2", null, "2024-01-02", "20.05", "2024-01-01T00:00:02Z"),
                        Arrays.asList("3", "item 3", "2024-01-03", "30.05", "2024-01-01T00:00:03Z"));
        assertThat(scan.tables().getFirst().columns())
                .extracting(ScannedColumn::type)
                .containsExactly(
                        ColumnType.BIGINT,
                        ColumnType.TEXT,
                        ColumnType.DATE,
                        ColumnType.NUMERIC,
                        ColumnType.TIMESTAMPTZ);
        assertThat(scan.tables().getFirst().columns().get(1).nullable()).isTrue();
    }

    @Test
    void refusesAFileDeclaringMoreUncompressedDataThanAllowed() throws IOException {
        var file = Files.write(directory.resolve("table.parquet"), TestFiles.parquet());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new ParquetSource(file, 1600, 10).read(new RecordingSink()))
                .isInstanceOf(UnsafeFile.class)
                .hasMessageContaining("uncompressed");
    }

    @Test
    void refusesAPageHeaderThatDeclaresMoreThanItsColumnChunkBeforeReadingThePage() throws IOException {
        var honest = Files.write(directory.resolve("honest.parquet"), TestFiles.parquet());
        var metadata = blue.strategic.parquet.ParquetReader.readMetadata(honest.toFile());
        var chunk = metadata.getBlocks().getFirst().getColumns().getFirst();
        var bytes = Files.readAllBytes(honest);
        int start = Math.toIntExact(chunk.getStartingPos());
        var in = new java.io.ByteArrayInputStream(bytes, start, bytes.length - start);
        var header = org.apache.parquet.format.Util.readPageHeader(in);
        int headerEnd = bytes.length - in.available();
        // A decompression bomb: the same few compressed bytes, declared as a gigabyte once inflated.
        header.setUncompressed_page_size(1 << 30);
        var forged = new java.io.ByteArrayOutputStream();
        forged.write(bytes, 0, start);
        org.apache.parquet.format.Util.writePageHeader(header, forged);
        forged.write(bytes, headerEnd, bytes.length - headerEnd);
        var bomb = Files.write(directory.resolve("bomb.parquet"), forged.toByteArray());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new ParquetSource(bomb, 1600, 1L << 40).read(new RecordingSink()))
                .isInstanceOf(UnsafeFile.class)
                .hasMessageContaining("declares 1073741824 bytes");
        new ParquetSource(honest, 1600, 1L << 40).read(new RecordingSink()); // the honest file still reads
    }
}
