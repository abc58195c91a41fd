package dev.analyst.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.analyst.ingestion.csv.ColumnType;
import dev.analyst.ingestion.csv.ScannedColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsSourceTests {

    @TempDir
    Path directory;

    @Test
    void makesATableOfEveryNonEmptySheetWithNumbersDatesAndFormulaResults() throws IOException {
        var file = Files.write(directory.resolve("legacy.xls"), TestFiles.twoSheetLegacyWorkbook());
        var sink = new RecordingSink();

        new XlsSource(file).read(sink);
        var scan = new TableScanner(1600, 50, 20, 200).scan(file, new XlsSource(file));

        assertThat(sink.tables.getFirst().header()).containsExactly("Region", "Amount", "Day", "Double");
        assertThat(sink.tables.getFirst().rows().getFirst())
                .isEqualTo(Arrays.asList("North", "10.5", "2024-01-01", "21"));
        assertThat(scan.tables())
                .extracting(TableScan::label, TableScan::rows)
                .containsExactly(tuple("Sales Q1", 3L), tuple("Staff", 2L));
        assertThat(scan.tables().getFirst().columns())
                .extracting(ScannedColumn::type)
                .containsExactly(ColumnType.TEXT, ColumnType.NUMERIC, ColumnType.DATE, ColumnType.NUMERIC);
        assertThat(scan.tables().get(1).columns())
                .extracting(ScannedColumn::type)
                .containsExactly(ColumnType.TEXT, ColumnType.BIGINT);
    }
}
