package dev.analyst.ingestion.source;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The formats an upload can be in, told apart by content (magic bytes), not by the file name: a
 * workbook named {@code .csv} still loads as a workbook, and garbage named {@code .xlsx} is refused
 * as what it is.
 */
public enum FileFormat {
    /** Delimited text: CSV, TSV, semicolon- or pipe-separated, in UTF-8, UTF-16 or Windows-1252. */
    CSV("csv"),
    /** Office Open XML workbook (a zip). */
    XLSX("xlsx"),
    /** Legacy Excel 97-2003 workbook (an OLE2 compound document). */
    XLS("xls"),
    /** One JSON object per line. */
    JSON_LINES("jsonl"),
    /** Apache Parquet. */
    PARQUET("parquet");

    /** What users are told is supported when a file is not. */
    public static final String SUPPORTED =
            "CSV/TSV (UTF-8, UTF-16, Windows-1252), Excel .xlsx and .xls, JSON Lines and Apache Parquet";

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
    private static final byte[] GZIP = {0x1F, (byte) 0x8B};
    private static final byte[] PDF = {'%', 'P', 'D', 'F'};
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String id;

    FileFormat(String id) {
        this.id = id;
    }

    /** The short name of the format, as in a file extension. */
    public String id() {
        return id;
    }

    /**
     * The format of a spooled upload, from its first bytes.
     *
     * @param filename the client's file name, used only to word the refusal of a format that is not
     *     supported
     * @throws UnsupportedFormat for archives, documents and formats this service does not read
     */
    public static FileFormat detect(UploadedFile file, @Nullable String filename) throws IOException {
        byte[] head;
        try (var in = file.open()) {
            head = in.readNBytes(512); // waits for them while the upload is under way
        }
        if (startsWith(head, ZIP)) {
            return XLSX; // a zip that is not a workbook is refused when it is opened
        }
        if (startsWith(head, OLE2)) {
            return XLS;
        }
        if (startsWith(head, PARQUET_MAGIC)) {
            return PARQUET;
        }
        if (startsWith(head, GZIP)) {
            throw new UnsupportedFormat("The file is gzip-compressed; upload it uncompressed");
        }
        if (startsWith(head, PDF)) {
            throw new UnsupportedFormat("The file is a PDF document, not a table");
        }
        if (startsWithJsonObject(head)) {
            return JSON_LINES;
        }
        var extension = extension(filename);
        if (extension.equals("json") && firstNonBlank(head) == '[') {
            throw new UnsupportedFormat("The file is a JSON array; upload JSON Lines (one object per line)");
        }
        return CSV;
    }

    /** Whether the first non-blank character (after a UTF-8 byte order mark) opens a JSON object. */
    private static boolean startsWithJsonObject(byte[] head) {
        return firstNonBlank(head) == '{';
    }

    private static int firstNonBlank(byte[] head) {
        int i = startsWith(head, UTF8_BOM) ? UTF8_BOM.length : 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        return i < head.length ? head[i] : -1;
    }

    static String extension(@Nullable String filename) {
        if (filename == null) {
            return "";
        }
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
