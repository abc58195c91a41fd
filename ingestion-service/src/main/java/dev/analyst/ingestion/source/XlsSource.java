package dev.analyst.ingestion.source;

import dev.analyst.ingestion.csv.MalformedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.eventusermodel.FormatTrackingHSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFEventFactory;
import org.apache.poi.hssf.eventusermodel.HSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFRequest;
import org.apache.poi.hssf.record.BOFRecord;
import org.apache.poi.hssf.record.BoolErrRecord;
import org.apache.poi.hssf.record.BoundSheetRecord;
import org.apache.poi.hssf.record.CellValueRecordInterface;
import org.apache.poi.hssf.record.DateWindow1904Record;
import org.apache.poi.hssf.record.EOFRecord;
import org.apache.poi.hssf.record.FormulaRecord;
import org.apache.poi.hssf.record.LabelRecord;
import org.apache.poi.hssf.record.LabelSSTRecord;
import org.apache.poi.hssf.record.NumberRecord;
import org.apache.poi.hssf.record.Record;
import org.apache.poi.hssf.record.SSTRecord;
import org.apache.poi.hssf.record.StringRecord;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.jspecify.annotations.Nullable;

/**
 * A legacy Excel 97-2003 .xls workbook, read with Apache POI's HSSF event API (records streamed
 * from the OLE2 file, no object model): every worksheet is a table labelled with the sheet's name,
 * its header found by {@link SheetRows} as for .xlsx. Numbers, dates (by their number format),
 * booleans and cached formula results are converted as {@link XlsxSource} does; error cells are null.
 */
final class XlsSource implements TabularSource {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final Path file;

    XlsSource(Path file) {
        this.file = file;
    }

    @Override
    public FileFormat format() {
        return FileFormat.XLS;
    }

    @Override
    public long bytesRead() {
        return -1;
    }

    @Override
    public void read(RowSink sink) throws IOException {
        try (var fs = new POIFSFileSystem(file.toFile(), true)) {
            var listener = new Listener(sink);
            var formats = new FormatTrackingHSSFListener(listener);
            listener.formats = formats;
            var request = new HSSFRequest();
            request.addListenerForAllRecords(formats);
            new HSSFEventFactory().processWorkbookEvents(request, fs);
            listener.finishSheet();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (MalformedFile e) {
            throw e;
        } catch (EncryptedDocumentException e) {
            throw new MalformedFile(0, "The .xls workbook is password-protected; remove the password", e);
        } catch (IOException | RuntimeException e) {
            throw new MalformedFile(0, "The workbook cannot be read as an Excel 97-2003 .xls file", e);
        }
    }

    /** Turns the record stream into sheets of rows. */
    private static final class Listener implements HSSFListener {

        private final RowSink sink;
        private @Nullable FormatTrackingHSSFListener formats;
        private final List<BoundSheetRecord> boundSheets = new ArrayList<>();
        private BoundSheetRecord @Nullable [] sheetsInOrder;
        private @Nullable SSTRecord strings;
        private boolean date1904;
        private int depth;
        private int sheetIndex = -1;
        private @Nullable SheetRows sheet;
        private int row = -1;
        private final List<@Nullable String> values = new ArrayList<>();
        private boolean[] typed = new boolean[16];
        private int pendingFormulaColumn = -1;

        Listener(RowSink sink) {
            this.sink = sink;
        }

        @Override
        public void processRecord(Record record) {
            try {
                process(record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void process(Record record) throws IOException {
            switch (record) {
                case BoundSheetRecord bound -> boundSheets.add(bound);
                case SSTRecord sst -> strings = sst;
                case DateWindow1904Record window -> date1904 = window.getWindowing() == 1;
                case BOFRecord bof -> {
                    // Sheets are substreams at depth 0; charts embedded in a sheet nest inside it.
                    if (depth == 0 && bof.getType() != BOFRecord.TYPE_WORKBOOK) {
                        sheetIndex++;
                        if (bof.getType() == BOFRecord.TYPE_WORKSHEET) {
                            startSheet();
                        }
                    }
                    depth++;
                }
                case EOFRecord eof -> {
                    depth--;
                    if (depth == 0) {
                        finishSheet();
                    }
                }
                default -> {
                    if (sheet != null && depth == 1) {
                        cell(record);
                    }
                }
            }
        }

        private void startSheet() throws IOException {
            if (sheetsInOrder == null) {
                sheetsInOrder = BoundSheetRecord.orderByBofPosition(boundSheets);
            }
            var name = sheetIndex < sheetsInOrder.length
                    ? sheetsInOrder[sheetIndex].getSheetname()
                    : "Sheet" + (sheetIndex + 1);
            sink.startTable(name);
            sheet = new SheetRows(sink);
            row = -1;
            values.clear();
        }

        void finishSheet() throws IOException {
            var current = sheet;
            if (current == null) {
                return;
            }
            flushRow();
            sink.endTable(current.finish());
            sheet = null;
        }

        private void cell(Record record) throws IOException {
            switch (record) {
                case LabelSSTRecord label -> put(label, text(label.getSSTIndex()), false);
                case LabelRecord label -> put(label, label.getValue(), false);
                case NumberRecord number -> put(number, number(number, number.getValue()), true);
                case BoolErrRecord bool ->
                    put(bool, bool.isBoolean() ? String.valueOf(bool.getBooleanValue()) : null, true);
                case FormulaRecord formula -> {
                    var type = formula.getCachedResultTypeEnum();
                    if (type == CellType.NUMERIC) {
                        put(formula, number(formula, formula.getValue()), true);
                    } else if (type == CellType.BOOLEAN) {
                        put(formula, String.valueOf(formula.getCachedBooleanValue()), true);
                    } else if (type == CellType.STRING && formula.hasCachedResultString()) {
                        pendingFormulaColumn = formula.getColumn(); // the text follows in a StringRecord
                        moveTo(formula.getRow());
                    } else {
                        put(formula, null, false);
                    }
                }
                case StringRecord string -> {
                    if (pendingFormulaColumn >= 0) {
                        set(pendingFormulaColumn, string.getString(), false);
                        pendingFormulaColumn = -1;
                    }
                }
                default -> {}
            }
        }

        private @Nullable String text(int index) {
            var sst = strings;
            return sst == null ? null : sst.getString(index).getString();
        }

        private String number(CellValueRecordInterface cell, double value) {
            var tracker = formats;
            if (tracker != null
                    && DateUtil.isADateFormat(tracker.getFormatIndex(cell), tracker.getFormatString(cell))
                    && DateUtil.isValidExcelDate(value)) {
                var dateTime = DateUtil.getLocalDateTime(value, date1904);
                if (dateTime != null) {
                    return dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)
                            ? dateTime.toLocalDate().toString()
                            : TIMESTAMP.format(dateTime.withNano(0));
                }
            }
            if (!Double.isFinite(value)) {
                return String.valueOf(value);
            }
            // Shortest decimal that reads back as the same double: 0.1 stays 0.1, not 0.1000000000000000055.
            var plain =
                    new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
            return plain.equals("-0") ? "0" : plain;
        }

        private void put(CellValueRecordInterface cell, @Nullable String value, boolean isTyped) throws IOException {
            moveTo(cell.getRow());
            set(cell.getColumn(), value, isTyped);
        }

        private void moveTo(int rowNumber) throws IOException {
            if (rowNumber != row) {
                flushRow();
                row = rowNumber;
            }
        }

        private void set(int column, @Nullable String value, boolean isTyped) {
            while (values.size() <= column) {
                values.add(null);
            }
            if (typed.length <= column) {
                typed = Arrays.copyOf(typed, Math.max(column + 1, typed.length * 2));
            }
            values.set(column, value);
            typed[column] = isTyped && value != null;
        }

        private void flushRow() throws IOException {
            var current = sheet;
            if (current != null && !values.isEmpty()) {
                current.accept(new ArrayList<>(values), Arrays.copyOf(typed, values.size()));
            }
            values.clear();
            Arrays.fill(typed, false);
        }
    }
}
