package dev.analyst.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.ScannedColumn;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxSourceTests {

    private static final WorkbookGuard GUARD = new WorkbookGuard(1000, 1L << 30, 100);

    @TempDir
    Path directory;

    private Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(directory, "upload", ".xlsx"), content);
    }

    private FileScan scan(Path file) throws IOException {
        return new TableScanner(1600, 50, 20, 200).scan(file, new XlsxSource(file, GUARD));
    }

    @Test
    void makesATableOfEveryNonEmptySheetKeepingNumbersAndDates() throws IOException {
        var scan = scan(file(TestFiles.twoSheetWorkbook()));

        assertThat(scan.format()).isEqualTo(FileFormat.XLSX);
        assertThat(scan.tables()).extracting(TableScan::label).containsExactly("Sales Q1", "Staff");
        assertThat(scan.tables()).extracting(TableScan::rows).containsExactly(3L, 2L);
        assertThat(scan.tables().getFirst().columns())
                .extracting(ScannedColumn::name, ScannedColumn::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("region", ColumnType.TEXT),
                        org.assertj.core.groups.Tuple.tuple("amount", ColumnType.NUMERIC),
                        org.assertj.core.groups.Tuple.tuple("day", ColumnType.DATE));
        assertThat(scan.tables().get(1).columns())
                .extracting(ScannedColumn::type)
                .containsExactly(ColumnType.TEXT, ColumnType.BIGINT);
    }

    @Test
    void readsCellsAsPlainNumbersIsoDatesAndTimestamps() throws IOException {
        var file = file(TestFiles.workbook(workbook -> {
            var sheet = workbook.newWorksheet("Data");
            sheet.value(0, 0, "n");
            sheet.value(0, 1, "at");
            sheet.value(0, 2, "ok");
            sheet.value(1, 0, 1234567.5);
            sheet.value(1, 1, LocalDateTime.of(2024, 3, 1, 13, 45, 10));
            sheet.style(1, 1).format("yyyy-mm-dd hh:mm:ss").set();
            sheet.value(1, 2, true);
        }));
        var sink = new RecordingSink();

        new XlsxSource(file, GUARD).read(sink);

        assertThat(sink.tables.getFirst().rows())
                .containsExactly(Arrays.asList("1234567.5", "2024-03-01T13:45:10", "true"));
    }

    @Test
    void skipsATitleRowAboveTheHeader() throws IOException {
        var file = file(TestFiles.workbook(workbook -> {
            var sheet = workbook.newWorksheet("Report");
            sheet.value(0, 0, "Quarterly report 2024");
            sheet.value(2, 0, "Region");
            sheet.value(2, 1, "Sales");
            sheet.value(3, 0, "North");
            sheet.value(3, 1, 5);
        }));
        var sink = new RecordingSink();

        new XlsxSource(file, GUARD).read(sink);

        assertThat(sink.tables.getFirst().header()).containsExactly("Region", "Sales");
        assertThat(sink.tables.getFirst().rows()).containsExactly(Arrays.asList("North", "5"));
    }

    @Test
    void combinesGroupHeadersWithTheSubHeadersUnderThem() throws IOException {
        var file = file(TestFiles.workbook(workbook -> {
            var sheet = workbook.newWorksheet("Quarters");
            sheet.value(0, 0, "Region");
            sheet.value(0, 1, "Q1");
            sheet.value(0, 3, "Q2");
            sheet.range(0, 1, 0, 2).merge();
            sheet.range(0, 3, 0, 4).merge();
            sheet.value(1, 1, "Sales");
            sheet.value(1, 2, "Units");
            sheet.value(1, 3, "Sales");
            sheet.value(1, 4, "Units");
            sheet.value(2, 0, "North");
            sheet.value(2, 1, 100);
            sheet.value(2, 2, 4);
            sheet.value(2, 3, 120);
            sheet.value(2, 4, 5);
        }));

        var scan = scan(file);

        var table = scan.tables().getFirst();
        assertThat(table.rows()).isEqualTo(1);
        assertThat(table.columns())
                .extracting(ScannedColumn::label)
                .containsExactly("Region", "Q1 Sales", "Q1 Units", "Q2 Sales", "Q2 Units");
        assertThat(table.columns())
                .extracting(ScannedColumn::name)
                .containsExactly("region", "q1_sales", "q1_units", "q2_sales", "q2_units");
    }

    @Test
    void keepsAnAllTextTableWithABlankHeaderAsOneHeaderRow() throws IOException {
        var file = file(TestFiles.workbook(workbook -> {
            var sheet = workbook.newWorksheet("Text");
            sheet.value(0, 0, "Name");
            sheet.value(0, 2, "City");
            sheet.value(1, 0, "Ada");
            sheet.value(1, 1, "x");
            sheet.value(1, 2, "London");
            sheet.value(2, 0, "Grace");
            sheet.value(2, 1, "y");
            sheet.value(2, 2, "Arlington");
        }));

        var table = scan(file).tables().getFirst();

        assertThat(table.rows()).isEqualTo(2);
        assertThat(table.columns()).extracting(ScannedColumn::name).containsExactly("name", "column_2", "city");
    }

    @Test
    void refusesAZipBombBeforeParsingIt() throws IOException {
        var bomb = file(TestFiles.zipBomb(TestFiles.twoSheetWorkbook()));

        assertThatThrownBy(() -> new XlsxSource(bomb, GUARD))
                .isInstanceOf(UnsafeFile.class)
                .hasMessageContaining("zip bomb");
        assertThatThrownBy(() -> new XlsxSource(bomb, new WorkbookGuard(1000, 10L << 20, 1_000_000)))
                .isInstanceOf(UnsafeFile.class)
                .hasMessageContaining("inflates to more than");
    }

    @Test
    void refusesAWorkbookWithTooManyEntries() throws IOException {
        var crowded = file(TestFiles.withEntries(TestFiles.twoSheetWorkbook(), 2000));

        assertThatThrownBy(() -> new XlsxSource(crowded, GUARD))
                .isInstanceOf(UnsafeFile.class)
                .hasMessageContaining("zip entries");
    }

    @Test
    void refusesADocumentTypeDeclarationAndNeverFetchesAnExternalEntity() throws IOException {
        var requests = new AtomicInteger();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        try {
            var url = "http://127.0.0.1:" + server.getAddress().getPort() + "/secret";
            var xxe = file(TestFiles.withExternalEntity(TestFiles.twoSheetWorkbook(), url));

            assertThatThrownBy(() -> new XlsxSource(xxe, GUARD))
                    .isInstanceOf(UnsafeFile.class)
                    .hasMessageContaining("document type");
            // Defence in depth: the reader itself, without the guard, does not resolve it either.
            try (var workbook = new ReadableWorkbook(xxe.toFile())) {
                workbook.getFirstSheet().read();
            } catch (RuntimeException refusedByTheParser) {
                // fine: what matters is that nothing was fetched
            }
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void recognisesDateFormats() {
        assertThat(XlsxSource.isDateFormat(14, "m/d/yy")).isTrue();
        assertThat(XlsxSource.isDateFormat(164, "dd.mm.yyyy hh:mm")).isTrue();
        assertThat(XlsxSource.isDateFormat(164, "[$-409]d-mmm-yy;@")).isTrue();
        assertThat(XlsxSource.isDateFormat(2, "0.00")).isFalse();
        assertThat(XlsxSource.isDateFormat(164, "#,##0 \"days\"")).isFalse();
        assertThat(XlsxSource.isDateFormat(0, "General")).isFalse();
    }
}
