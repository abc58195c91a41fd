package dev.analyst.ingestion.source;

import dev.analyst.ingestion.csv.MalformedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.jspecify.annotations.Nullable;

/**
 * An Excel .xlsx workbook, streamed sheet by sheet with fastexcel-reader (StAX, DTDs off): every
 * sheet is a table labelled with the sheet's name, its header found by {@link SheetRows}.
 *
 * Numbers keep their precision (as plain decimals), cells with a date format become ISO dates or
 * timestamps, booleans {@code true}/{@code false}, formulas their cached result, error cells null.
 * The zip is checked by {@link WorkbookGuard} before any of it is parsed.
 */
final class XlsxSource implements TabularSource {

    /** Day, month, year, hour or second codes of a number format. */
    private static final Pattern DATE_CODES = Pattern.compile("[dmyhs]");

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final Path file;

    XlsxSource(Path file, WorkbookGuard guard) throws IOException {
        this.file = file;
        guard.check(file);
    }

    @Override
    public FileFormat format() {
        return FileFormat.XLSX;
    }

    @Override
    public long bytesRead() {
        return -1;
    }

    @Override
    public void read(RowSink sink) throws IOException {
        try (var workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false))) {
            for (var sheet : workbook.getSheets().toList()) {
                sink.startTable(sheet.getName());
                var table = new SheetReader(sheet.getName(), sink);
                try (var rows = sheet.openStream()) {
                    for (var iterator = rows.iterator(); iterator.hasNext(); ) {
                        table.accept(iterator.next());
                    }
                } catch (ExcelReaderException | UncheckedIOException e) {
                    throw new MalformedFile(0, "The sheet '" + sheet.getName() + "' cannot be read", e);
                }
                sink.endTable(table.finish());
            }
        } catch (ExcelReaderException e) {
            throw new MalformedFile(0, "The workbook cannot be read as an Excel .xlsx file", e);
        }
    }

    /** One sheet of the workbook: converts fastexcel's rows to cells for {@link SheetRows}. */
    private static final class SheetReader {

        private final String sheet;
        private final SheetRows rows;

        SheetReader(String sheet, RowSink sink) {
            this.sheet = sheet;
            this.rows = new SheetRows(sink);
        }

        void accept(Row row) throws IOException {
            int width = row.getCellCount();
            var values = new ArrayList<@Nullable String>(width);
            var typed = new boolean[width];
            for (int i = 0; i < width; i++) {
                var cell = row.getOptionalCell(i).orElse(null);
                var value = cell == null ? null : value(cell, row.getRowNum());
                values.add(value);
                typed[i] = value != null && cell.getType() != CellType.STRING;
            }
            rows.accept(values, typed);
        }

        List<String> finish() throws IOException {
            return rows.finish();
        }

        private @Nullable String value(Cell cell, int rowNumber) {
            try {
                return switch (cell.getType()) {
                    case EMPTY, ERROR -> null;
                    case STRING -> cell.asString();
                    case BOOLEAN -> String.valueOf(cell.asBoolean());
                    case NUMBER -> number(cell, cell.asNumber());
                    case FORMULA -> formulaResult(cell);
                };
            } catch (RuntimeException e) {
                throw new MalformedFile(
                        rowNumber,
                        "The sheet '" + sheet + "' holds an unreadable value in cell "
                                + cell.getAddress().toString(),
                        e);
            }
        }

        private @Nullable String formulaResult(Cell cell) {
            var raw = cell.getRawValue();
            if (raw == null || raw.isEmpty()) {
                return null;
            }
            try {
                return number(cell, new BigDecimal(raw));
            } catch (NumberFormatException notANumber) {
                return raw;
            }
        }

        private static String number(Cell cell, BigDecimal number) {
            if (isDateFormat(cell.getDataFormatId(), cell.getDataFormatString())) {
                var dateTime = cell.getType() == CellType.NUMBER ? cell.asDate() : null;
                if (dateTime != null) {
                    return dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)
                            ? dateTime.toLocalDate().toString()
                            : TIMESTAMP.format(dateTime.withNano(0));
                }
            }
            var plain = number.stripTrailingZeros().toPlainString();
            return plain.equals("-0") ? "0" : plain;
        }
    }

    /**
     * Whether a number format shows a date or time: the built-in date formats, or a custom format
     * with day, month, year, hour or second codes outside quoted text and brackets.
     */
    static boolean isDateFormat(@Nullable Integer id, @Nullable String format) {
        if (id != null
                && ((id >= 14 && id <= 22)
                        || (id >= 27 && id <= 36)
                        || (id >= 45 && id <= 47)
                        || (id >= 50 && id <= 58))) {
            return true;
        }
        if (format == null || format.isBlank() || format.equalsIgnoreCase("general")) {
            return false;
        }
        var codes = format.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\\\.", "")
                .replaceAll("\\[[^]]*]", "")
                .toLowerCase(Locale.ROOT);
        return DATE_CODES.matcher(codes).find() && !codes.contains("0") && !codes.contains("#");
    }
}
