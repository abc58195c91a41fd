package dev.analyst.ingestion.csv;

import org.jspecify.annotations.Nullable;

/** The file cannot be read as the table it claims to be; {@link #line()} says where, when known. */
public final class MalformedFile extends RuntimeException {

    private final long line;

    public MalformedFile(long line, String reason, @Nullable Throwable cause) {
        super(line > 0 ? "Line " + line + ": " + reason : reason, cause);
        this.line = line;
    }

    /**
     * A table wider than the service takes.
     *
     * @param sheet the sheet's name, or null when the file is one table
     */
    public static MalformedFile tooWide(@Nullable String sheet, int width, int maxColumns) {
        return new MalformedFile(
                0,
                (sheet == null ? "The file" : "The sheet '" + sheet + "'") + " has " + width + " columns; at most "
                        + maxColumns + " are supported",
                null);
    }

    /** The 1-based line the problem was found at, or 0 when it concerns the whole file. */
    public long line() {
        return line;
    }
}
