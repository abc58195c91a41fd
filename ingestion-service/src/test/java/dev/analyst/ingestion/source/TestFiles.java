package dev.analyst.ingestion.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.jspecify.annotations.Nullable;

/** Files the tests upload, generated here rather than downloaded or committed. */
public final class TestFiles {

    private TestFiles() {}

    /**
     * A workbook with two sheets: "Sales Q1" (3 rows: region text, amount decimal, day date) and
     * "Staff" (2 rows: name, age), plus an empty third sheet.
     */
    public static byte[] twoSheetWorkbook() {
        return workbook(workbook -> {
            var sales = workbook.newWorksheet("Sales Q1");
            sales.value(0, 0, "Region");
            sales.value(0, 1, "Amount");
            sales.value(0, 2, "Day");
            String[] regions = {"North", "South", "North"};
            double[] amounts = {10.5, 20, 30.25};
            for (int i = 0; i < 3; i++) {
                sales.value(i + 1, 0, regions[i]);
                sales.value(i + 1, 1, amounts[i]);
                sales.value(i + 1, 2, LocalDate.of(2024, 1, i + 1));
                sales.style(i + 1, 2).format("yyyy-mm-dd").set();
            }
            var staff = workbook.newWorksheet("Staff");
            staff.value(0, 0, "Name");
            staff.value(0, 1, "Age");
            staff.value(1, 0, "Ada");
            staff.value(1, 1, 36);
            staff.value(2, 0, "Grace");
            staff.value(2, 1, 45);
            workbook.newWorksheet("Empty");
        });
    }

    /**
     * A legacy .xls workbook (written with POI's HSSF user model) with the same two sheets as
     * {@link #twoSheetWorkbook()}, plus a formula column "Double" on the first.
     */
    public static byte[] twoSheetLegacyWorkbook() {
        try (var workbook = new org.apache.poi.hssf.usermodel.HSSFWorkbook()) {
            var dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            var sales = workbook.createSheet("Sales Q1");
            var header = sales.createRow(0);
            header.createCell(0).setCellValue("Region");
            header.createCell(1).setCellValue("Amount");
            header.createCell(2).setCellValue("Day");
            header.createCell(3).setCellValue("Double");
            String[] regions = {"North", "South", "North"};
            double[] amounts = {10.5, 20, 30.25};
            for (int i = 0; i < 3; i++) {
                var row = sales.createRow(i + 1);
                row.createCell(0).setCellValue(regions[i]);
                row.createCell(1).setCellValue(amounts[i]);
                var day = row.createCell(2);
                day.setCellValue(LocalDate.of(2024, 1, i + 1));
                day.setCellStyle(dateStyle);
                row.createCell(3).setCellFormula("B" + (i + 2) + "*2");
            }
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
            var staff = workbook.createSheet("Staff");
            staff.createRow(0).createCell(0).setCellValue("Name");
            staff.getRow(0).createCell(1).setCellValue("Age");
            staff.createRow(1).createCell(0).setCellValue("Ada");
            staff.getRow(1).createCell(1).setCellValue(36);
            staff.createRow(2).createCell(0).setCellValue("Grace");
            staff.getRow(2).createCell(1).setCellValue(45);
            workbook.createSheet("Empty");
            var out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Parquet file (written with parquet-floor) of three rows: {@code id} int64, {@code name}
     * optional string (null in the second row), {@code day} date, {@code price} decimal(12,2) and
     * {@code seen_at} timestamp (UTC, milliseconds).
     */
    public static byte[] parquet() {
        var schema = org.apache.parquet.schema.Types.buildMessage()
                .required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64)
                .named("id")
                .optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY)
                .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType())
                .named("name")
                .required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32)
                .as(org.apache.parquet.schema.LogicalTypeAnnotation.dateType())
                .named("day")
                .required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64)
                .as(org.apache.parquet.schema.LogicalTypeAnnotation.decimalType(2, 12))
                .named("price")
                .required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64)
                .as(org.apache.parquet.schema.LogicalTypeAnnotation.timestampType(
                        true, org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MILLIS))
                .named("seen_at")
                .named("row");
        try {
            var file = Files.createTempFile("table", ".parquet");
            Files.delete(file);
            try (var writer =
                    blue.strategic.parquet.ParquetWriter.<Integer>writeFile(schema, file.toFile(), (i, values) -> {
                        values.write("id", (long) i);
                        if (i != 2) {
                            values.write("name", "item " + i);
                        }
                        values.write("day", (int) LocalDate.of(2024, 1, i).toEpochDay());
                        values.write("price", 1000L * i + 5);
                        values.write("seen_at", 1_704_067_200_000L + i * 1000L);
                    })) {
                for (int i = 1; i <= 3; i++) {
                    writer.write(i);
                }
            }
            try {
                return Files.readAllBytes(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes sheets with fastexcel's writer. */
    public static byte[] workbook(WorkbookContent content) {
        var out = new ByteArrayOutputStream();
        try {
            var workbook = new Workbook(out, "analyst-tests", "1.0");
            content.write(workbook);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Sheets to write. */
    @FunctionalInterface
    public interface WorkbookContent {
        void write(Workbook workbook) throws IOException;
    }

    /**
     * {@code workbook} with its first sheet's XML replaced by one that declares an external entity
     * fetched from {@code url} and uses it in a cell.
     */
    public static byte[] withExternalEntity(byte[] workbook, String url) {
        var sheet = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "%s">]>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>
                <row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>
                """.formatted(url);
        return replaceEntry(workbook, "xl/worksheets/sheet1.xml", sheet.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code workbook} with its first sheet inflating from a few KiB to 50 MiB of blanks. */
    public static byte[] zipBomb(byte[] workbook) {
        var sheet = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(sheet, (byte) ' ');
        return replaceEntry(workbook, "xl/worksheets/sheet1.xml", sheet);
    }

    /** {@code workbook} with {@code count} extra tiny entries. */
    public static byte[] withEntries(byte[] workbook, int count) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            copyEntries(workbook, zip, null, null);
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("xl/media/padding" + i + ".bin"));
                zip.write(i);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] replaceEntry(byte[] workbook, String name, byte[] content) {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            copyEntries(workbook, zip, name, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Copies the entries of a zip (through a file: fastexcel's zips need the central directory). */
    private static void copyEntries(
            byte[] source, ZipOutputStream zip, @Nullable String replaced, byte @Nullable [] content)
            throws IOException {
        var file = Files.createTempFile("workbook", ".zip");
        try {
            Files.write(file, source);
            try (var in = new ZipFile(file.toFile())) {
                for (var entries = in.entries(); entries.hasMoreElements(); ) {
                    var entry = entries.nextElement();
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    if (entry.getName().equals(replaced) && content != null) {
                        zip.write(content);
                    } else {
                        try (var data = in.getInputStream(entry)) {
                            data.transferTo(zip);
                        }
                    }
                    zip.closeEntry();
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
