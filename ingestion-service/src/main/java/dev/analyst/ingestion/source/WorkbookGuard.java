package dev.analyst.ingestion.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Inspects an .xlsx (a zip) with {@code java.util.zip} before any XML of it is parsed, inflating
 * every entry once and counting the bytes that actually come out, so a lying central directory does
 * not help: refuses too many entries, entries that inflate more than the allowed ratio (zip bombs),
 * a total past the limit, and any XML that declares a document type (entity expansion and external
 * entities have no business in a workbook).
 *
 * @param maxEntries most entries a workbook may have
 * @param maxUncompressedBytes most bytes all entries may inflate to together
 * @param maxRatio most an entry may inflate relative to its compressed size (entries under 1 MiB
 *     are exempt: tiny, very regular parts compress extremely well)
 */
record WorkbookGuard(int maxEntries, long maxUncompressedBytes, int maxRatio) {

    private static final long RATIO_EXEMPT_BYTES = 1 << 20;
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

    /**
     * Checks the workbook.
     *
     * @throws UnsafeFile when a limit is passed or XML declares a document type
     * @throws UnsupportedFormat when the zip is not a workbook
     */
    void check(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new UnsupportedFormat("The file starts like a zip archive but cannot be opened as one");
        }
        try (zip) {
            if (zip.size() > maxEntries) {
                throw new UnsafeFile(
                        "The workbook has " + zip.size() + " zip entries; at most " + maxEntries + " are accepted");
            }
            if (zip.getEntry("xl/workbook.xml") == null) {
                throw new UnsupportedFormat("The file is a zip archive but not an Excel .xlsx workbook");
            }
            long total = 0;
            var buffer = new byte[1 << 16];
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                long compressed = Math.max(1, entry.getCompressedSize());
                long inflated = 0;
                var doctype = new Matcher();
                boolean xml =
                        entry.getName().endsWith(".xml") || entry.getName().endsWith(".rels");
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        inflated += n;
                        total += n;
                        if (total > maxUncompressedBytes) {
                            throw new UnsafeFile("The workbook inflates to more than " + maxUncompressedBytes
                                    + " bytes; it is refused as a possible zip bomb");
                        }
                        if (inflated > RATIO_EXEMPT_BYTES && inflated / compressed > maxRatio) {
                            throw new UnsafeFile("The workbook entry '" + printable(entry.getName())
                                    + "' inflates more than " + maxRatio
                                    + " times; it is refused as a possible zip bomb");
                        }
                        if (xml && doctype.find(buffer, n)) {
                            throw new UnsafeFile("The workbook entry '" + printable(entry.getName())
                                    + "' declares a document type (DTD); workbooks never need one");
                        }
                    }
                } catch (ZipException e) {
                    throw new UnsafeFile("The workbook entry '" + printable(entry.getName()) + "' is corrupt");
                }
            }
        }
    }

    private static String printable(String name) {
        var shown = name.length() > 100 ? name.substring(0, 100) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** Finds {@code <!DOCTYPE} in a stream of buffers, across buffer boundaries. */
    private static final class Matcher {
        private int matched;

        boolean find(byte[] buffer, int length) {
            for (int i = 0; i < length; i++) {
                if (buffer[i] == DOCTYPE[matched]) {
                    if (++matched == DOCTYPE.length) {
                        return true;
                    }
                } else {
                    matched = buffer[i] == DOCTYPE[0] ? 1 : 0;
                }
            }
            return false;
        }
    }
}
