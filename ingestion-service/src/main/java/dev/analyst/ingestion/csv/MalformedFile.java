package dev.analyst.ingestion.csv;

import org.jspecify.annotations.Nullable;

/** The file cannot be read as the table it claims to be; {@link #line()} says where, when known. */
public final class MalformedFile extends RuntimeException {

    private final long line;

    public MalformedFile(long line, String reason, @Nullable Throwable cause) {
        super(line > 0 ? "Line " + line + ": " + reason : reason, cause);
        this.line = line;
    }

    /** The 1-based line the problem was found at, or 0 when it concerns the whole file. */
    public long line() {
        return line;
    }
}
