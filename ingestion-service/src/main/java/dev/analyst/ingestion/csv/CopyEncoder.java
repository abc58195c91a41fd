package dev.analyst.ingestion.csv;

import java.io.IOException;

/**
 * Writes rows in PostgreSQL's COPY text format as UTF-8 bytes: tab-separated, {@code \N} for null,
 * backslash escapes for the characters the format reserves. Escaping and encoding are one loop over
 * the characters into a byte buffer that is handed on whole, because a {@link java.io.Writer} call
 * per character cost more than PostgreSQL's own parsing of the rows.
 */
public final class CopyEncoder {

    /** Where full buffers go: a COPY in progress, or a file. */
    @FunctionalInterface
    public interface Target {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private static final int SIZE = 1 << 16;
    /** The longest encoding of one character (a surrogate pair counts as two characters, 4 bytes). */
    private static final int MAX_CHAR_BYTES = 3;

    private final Target target;
    private final byte[] buffer = new byte[SIZE];
    private int length;
    private boolean rowStarted;

    public CopyEncoder(Target target) {
        this.target = target;
    }

    /** A text cell, written exactly, escaped for COPY. */
    public void text(String value) throws IOException {
        separate();
        for (int i = 0, n = value.length(); i < n; i++) {
            if (length > SIZE - 2 * MAX_CHAR_BYTES) {
                flush();
            }
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> twoBytes('\\', '\\');
                    case '\t' -> twoBytes('\\', 't');
                    case '\n' -> twoBytes('\\', 'n');
                    case '\r' -> twoBytes('\\', 'r');
                    default -> buffer[length++] = (byte) c;
                }
            } else if (c < 0x800) {
                buffer[length++] = (byte) (0xC0 | (c >> 6));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int point = Character.toCodePoint(c, value.charAt(++i));
                buffer[length++] = (byte) (0xF0 | (point >> 18));
                buffer[length++] = (byte) (0x80 | ((point >> 12) & 0x3F));
                buffer[length++] = (byte) (0x80 | ((point >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (point & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate is no character: written as U+FFFD, which says a character was lost.
                buffer[length++] = (byte) 0xEF;
                buffer[length++] = (byte) 0xBF;
                buffer[length++] = (byte) 0xBD;
            } else {
                buffer[length++] = (byte) (0xE0 | (c >> 12));
                buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /**
     * A typed value as PostgreSQL reads it (digits, signs, dates and times, converted by a {@link
     * ValueStyle}): nothing in it needs escaping, but it is encoded like text all the same.
     */
    public void value(String value) throws IOException {
        text(value);
    }

    /** A null cell. */
    public void nul() throws IOException {
        separate();
        ensure(2);
        twoBytes('\\', 'N');
    }

    /** Ends the row. */
    public void endRow() throws IOException {
        ensure(1);
        buffer[length++] = '\n';
        rowStarted = false;
    }

    /** Hands on what is buffered. */
    public void flush() throws IOException {
        if (length > 0) {
            target.write(buffer, 0, length);
            length = 0;
        }
    }

    private void separate() throws IOException {
        if (rowStarted) {
            ensure(1);
            buffer[length++] = '\t';
        }
        rowStarted = true;
    }

    private void twoBytes(char first, char second) {
        buffer[length++] = (byte) first;
        buffer[length++] = (byte) second;
    }

    private void ensure(int bytes) throws IOException {
        if (length + bytes > SIZE) {
            flush();
        }
    }
}
