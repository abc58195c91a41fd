package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvScannerTests {

    @TempDir
    Path directory;

    private final CsvScanner scanner = new CsvScanner(1600, 50, 20, 200);

    private Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(directory, "upload", ".csv"), content);
    }

    private Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void describesColumnsOfACrlfFileWithBom() throws IOException {
        var scan = scanner.scan(file("\uFEFFCountry,Sales,Open\r\nBrazil,10,yes\r\nBrazil,20,no\r\nChile,,yes\r\n"));

        assertThat(scan.delimiter()).isEqualTo(',');
        assertThat(scan.rows()).isEqualTo(3);
        assertThat(scan.columns())
                .containsExactly(
                        new ScannedColumn("country", "Country", ColumnType.TEXT, false, List.of("Brazil", "Chile")),
                        new ScannedColumn("sales", "Sales", ColumnType.BIGINT, true, List.of()),
                        new ScannedColumn("open", "Open", ColumnType.TEXT, false, List.of("yes", "no")));
    }

    @Test
    void readsTabSeparatedFiles() throws IOException {
        var scan = scanner.scan(file("a\tb\n1\tx\n2\ty\n"));

        assertThat(scan.delimiter()).isEqualTo('\t');
        assertThat(scan.columns()).extracting(ScannedColumn::type).containsExactly(ColumnType.BIGINT, ColumnType.TEXT);
    }

    @Test
    void keepsNoTopValuesForHighCardinalityText() throws IOException {
        var content = new StringBuilder("id,code\n");
        for (int i = 0; i < 60; i++) {
            content.append(i).append(",c").append(i).append('\n');
        }

        var scan = scanner.scan(file(content.toString()));

        assertThat(scan.columns().get(1).topValues()).isEmpty();
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        var empty = file("");

        assertThatThrownBy(() -> scanner.scan(empty)).isInstanceOf(EmptyFile.class);
    }

    @Test
    void rejectsAWhitespaceOnlyFile() throws IOException {
        var blank = file("\uFEFF\r\n  \n");

        assertThatThrownBy(() -> scanner.scan(blank)).isInstanceOf(EmptyFile.class);
    }

    @Test
    void rejectsAHeaderWithoutRows() throws IOException {
        var headerOnly = file("a,b,c\r\n");

        assertThatThrownBy(() -> scanner.scan(headerOnly)).isInstanceOf(NoDataRows.class);
    }

    @Test
    void namesTheLineOfARaggedRow() throws IOException {
        var ragged = file("a,b\n1,2\n3,4\n5\n");

        assertThatThrownBy(() -> scanner.scan(ragged))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(4))
                .hasMessageContaining("Line 4");
    }

    @Test
    void rejectsInvalidUtf8() throws IOException {
        var latin1 = file(new byte[] {'a', ',', 'b', '\n', '1', ',', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> scanner.scan(latin1))
                .isInstanceOf(MalformedFile.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsBinaryFiles() throws IOException {
        var binary = file(new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2});

        assertThatThrownBy(() -> scanner.scan(binary))
                .isInstanceOf(MalformedFile.class)
                .hasMessageContaining("binary");
    }

    @Test
    void refusesMoreColumnsThanConfigured() throws IOException {
        var narrow = new CsvScanner(2, 50, 20, 200);
        var wide = file("a,b,c\n1,2,3\n");

        assertThatThrownBy(() -> narrow.scan(wide))
                .isInstanceOf(MalformedFile.class)
                .hasMessageContaining("3 columns");
    }

    @Test
    void writesCopyTextWithEscapesAndNulls() throws IOException {
        var out = new StringWriter();

        new CopyRows(List.of(ColumnType.TEXT, ColumnType.BIGINT, ColumnType.TEXT))
                .write(List.of("a\tb\\c\nd", " 42 ", ""), out);

        assertThat(out).hasToString("a\\tb\\\\c\\nd\t42\t\\N\n");
    }
}
