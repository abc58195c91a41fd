package dev.analyst.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.EmptyFile;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.NoDataRows;
import dev.analyst.ingestion.csv.ScannedColumn;
import dev.analyst.ingestion.csv.TextEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTabularSourceTests {

    @TempDir
    Path directory;

    private final TableScanner scanner = new TableScanner(1600, 50, 20, 200);

    /** The single table of a scanned CSV file. */
    private TableScan scan(Path file) throws IOException {
        return scan(file, 1600);
    }

    private TableScan scan(Path file, int maxColumns) throws IOException {
        var result = scanner.scan(file, new CsvTabularSource(file, maxColumns));
        assertThat(result.tables()).hasSize(1);
        return result.tables().getFirst();
    }

    private static char delimiter(Path file) throws IOException {
        return new CsvTabularSource(file, 1600).dialect().delimiter();
    }

    private Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(directory, "upload", ".csv"), content);
    }

    private Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void describesColumnsOfACrlfFileWithBom() throws IOException {
        var file = file("\uFEFFCountry,Sales,Open\r\nBrazil,10,yes\r\nBrazil,20,no\r\nChile,,yes\r\n");
        var scan = scan(file);

        assertThat(delimiter(file)).isEqualTo(',');
        assertThat(scan.rows()).isEqualTo(3);
        assertThat(scan.columns())
                .containsExactly(
                        new ScannedColumn("country", "Country", ColumnType.TEXT, false, List.of("Brazil", "Chile")),
                        new ScannedColumn("sales", "Sales", ColumnType.BIGINT, true, List.of()),
                        new ScannedColumn("open", "Open", ColumnType.TEXT, false, List.of("yes", "no")));
    }

    @Test
    void readsTabSeparatedFiles() throws IOException {
        var file = file("a\tb\n1\tx\n2\ty\n");
        var scan = scan(file);

        assertThat(delimiter(file)).isEqualTo('\t');
        assertThat(scan.columns()).extracting(ScannedColumn::type).containsExactly(ColumnType.BIGINT, ColumnType.TEXT);
    }

    @Test
    void keepsNoTopValuesForHighCardinalityText() throws IOException {
        var content = new StringBuilder("id,code\n");
        for (int i = 0; i < 60; i++) {
            content.append(i).append(",c").append(i).append('\n');
        }

        var scan = scan(file(content.toString()));

        assertThat(scan.columns().get(1).topValues()).isEmpty();
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        var empty = file("");

        assertThatThrownBy(() -> scan(empty)).isInstanceOf(EmptyFile.class);
    }

    @Test
    void rejectsAWhitespaceOnlyFile() throws IOException {
        var blank = file("\uFEFF\r\n  \n");

        assertThatThrownBy(() -> scan(blank)).isInstanceOf(EmptyFile.class);
    }

    @Test
    void rejectsAHeaderWithoutRows() throws IOException {
        var headerOnly = file("a,b,c\r\n");

        assertThatThrownBy(() -> scan(headerOnly)).isInstanceOf(NoDataRows.class);
    }

    @Test
    void namesTheLineOfARaggedRow() throws IOException {
        var ragged = file("a,b\n1,2\n3,4\n5\n");

        assertThatThrownBy(() -> scan(ragged))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(4))
                .hasMessageContaining("Line 4");
    }

    @Test
    void decodesWindows1252WhenTheTextIsNotUtf8() throws IOException {
        var ansi = file(
                "Caf\u00e9,Pre\u00e7o \u20ac\nCr\u00e8me br\u00fbl\u00e9e,5\n".getBytes(TextEncoding.WINDOWS_1252));

        var scan = scan(ansi);

        assertThat(scan.columns()).extracting(ScannedColumn::label).containsExactly("Caf\u00e9", "Pre\u00e7o \u20ac");
        assertThat(scan.columns()).extracting(ScannedColumn::name).containsExactly("cafe", "preco");
        assertThat(scan.columns().getFirst().topValues()).containsExactly("Cr\u00e8me br\u00fbl\u00e9e");
    }

    @Test
    void decodesUtf16WithAByteOrderMarkInEitherByteOrder() throws IOException {
        var text = "St\u00e4dte;Anzahl\r\nK\u00f6ln;3\nM\u00fcnchen;4\r\n";
        var little = file(("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE));
        var big = file(("\uFEFF" + text).getBytes(StandardCharsets.UTF_16BE));

        for (var file : List.of(little, big)) {
            var scan = scan(file);
            assertThat(delimiter(file)).isEqualTo(';');
            assertThat(scan.rows()).isEqualTo(2);
            assertThat(scan.columns())
                    .containsExactly(
                            new ScannedColumn(
                                    "stadte",
                                    "St\u00e4dte",
                                    ColumnType.TEXT,
                                    false,
                                    List.of("K\u00f6ln", "M\u00fcnchen")),
                            new ScannedColumn("anzahl", "Anzahl", ColumnType.BIGINT, false, List.of()));
        }
    }

    @Test
    void readsMixedLineEndings() throws IOException {
        var scan = scan(file("a,b\r\n1,x\n2,y\r3,z\r\n"));

        assertThat(scan.rows()).isEqualTo(3);
        assertThat(scan.columns()).extracting(ScannedColumn::type).containsExactly(ColumnType.BIGINT, ColumnType.TEXT);
    }

    @Test
    void rejectsBytesThatAreNoTextEncoding() throws IOException {
        var garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        garbage[100] = 1; // a control character no text holds, whatever else the random bytes are
        var binary = file(garbage);

        assertThatThrownBy(() -> scan(binary)).isInstanceOf(MalformedFile.class).hasMessageContaining("binary");
    }

    @Test
    void rejectsBinaryFiles() throws IOException {
        var binary = file(new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2});

        assertThatThrownBy(() -> scan(binary)).isInstanceOf(MalformedFile.class).hasMessageContaining("binary");
    }

    @Test
    void refusesMoreColumnsThanConfigured() throws IOException {
        var wide = file("a,b,c\n1,2,3\n");

        assertThatThrownBy(() -> scan(wide, 2))
                .isInstanceOf(MalformedFile.class)
                .hasMessageContaining("3 columns");
    }

    @Test
    void namesTheLineWhereAQuoteOpensAndIsNeverClosed() throws IOException {
        // FastCSV alone would read the rest of the file into one cell and load it.
        var unclosed = file("a,b\n1,2\n3,\"oops\n4,5\n6,7\n");

        assertThatThrownBy(() -> scan(unclosed))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("never closed");
        // Closed quotes, escaped quotes and quoted line breaks are fine.
        assertThat(scan(file("a,b\r\n1,\"x \"\"y\"\"\r\nz\"\r\n2,\"\"\r\n")).rows())
                .isEqualTo(2);
    }

    @Test
    void refusesAFieldLongerThanTheLimitNamingItsLine() throws IOException {
        var huge = file("a,b\n1,2\n3," + "x".repeat(200_000) + "\n");

        assertThatThrownBy(() -> scanner.scan(huge, new CsvTabularSource(huge, 1600, 64 * 1024, 0)))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("longer than the limit");
    }

    @Test
    void refusesTwentyThousandColumnsFast() throws IOException {
        var wide = file("c,".repeat(20_000) + "c\n" + "1,".repeat(20_000) + "1\n");

        long start = System.nanoTime();
        assertThatThrownBy(() -> scan(wide))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(1))
                .hasMessageContaining("fields");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void setsRaggedRowsAsideWhenAskedToQuarantineThem() throws IOException {
        var ragged = file("a,b\n1,2\n3\n4,5,\"x,y\"\n6,7\n");
        var rejected = new ArrayList<String>();
        var source = new CsvTabularSource(ragged, 1600, 1 << 20, 10);
        var recorded = new RecordingSink() {
            @Override
            public void rejected(long line, String text) {
                rejected.add(line + ":" + text);
            }
        };

        source.read(recorded);

        assertThat(rejected).containsExactly("3:3", "4:4,5,\"x,y\"");
        assertThat(recorded.tables.getFirst().rows()).hasSize(2);
        assertThat(scanner.scan(ragged, source).tables().getFirst().rejectedRows())
                .isEqualTo(2);
        // Past the limit of rejected rows the file is refused after all, naming the line.
        assertThatThrownBy(() -> scanner.scan(ragged, new CsvTabularSource(ragged, 1600, 1 << 20, 1)))
                .isInstanceOfSatisfying(
                        MalformedFile.class, e -> assertThat(e.line()).isEqualTo(4));
    }
}
