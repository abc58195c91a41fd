package dev.analyst.ingestion.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Follows the quoting of delimited text as the parser reads it, to tell at the end of the file
 * whether a quoted field was never closed, and on which line it opened. FastCSV reads such a field
 * to the end of the file as one cell without complaint, which would silently load the rest of the
 * file as one value. Same rules as FastCSV's: a quote opens a field only at its start; {@code ""}
 * inside is an escaped quote; CR, LF and CRLF end lines.
 *
 * <p>It also notes a lone CR (not followed by LF) inside a quoted field of a file whose lines end
 * with LF: FastCSV 4.1 then silently merges or drops fields (with CRLF line endings it reads them
 * right), so such a file is refused rather than loaded wrong.
 */
final class QuoteTracker extends FilterReader {

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final char delimiter;
    private int state = FIELD_START;
    private long line = 1;
    private long openedOn;
    private boolean afterCr;
    private boolean ended;
    private int firstLineEnding;
    private boolean crInQuotes;
    private long loneCrLine;

    QuoteTracker(Reader in, char delimiter) {
        super(in);
        this.delimiter = delimiter;
    }

    /**
     * The first line holding a lone CR inside a quoted field when the file's lines end with LF (which
     * FastCSV misreads), or 0.
     */
    long misreadCarriageReturnLine() {
        return firstLineEnding == '\n' ? loneCrLine : 0;
    }

    /** The line a quoted field that is still open at the end of the file opened on, or 0. */
    long unterminatedQuoteLine() {
        return ended && state == QUOTED ? openedOn : 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c < 0) {
            ended = true;
        } else {
            follow((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
        }
        for (int i = offset; i < offset + n; i++) {
            char c = buffer[i];
            // Most characters change nothing: inside a field (quoted or not), neither a quote, a
            // delimiter nor a line break, and not right after a CR.
            if (c > '"' && c != delimiter && !afterCr && (state == UNQUOTED || state == QUOTED)) {
                continue;
            }
            follow(c);
        }
        return n;
    }

    private void follow(char c) {
        if (crInQuotes) {
            crInQuotes = false;
            if (c != '\n' && loneCrLine == 0) {
                loneCrLine = line - 1;
            }
        }
        if (firstLineEnding == '\r' && afterCr && state == FIELD_START) {
            firstLineEnding = c == '\n' ? 'L' : '\r'; // 'L': CRLF
        }
        boolean cr = c == '\r';
        boolean lineBreak = cr || (c == '\n' && !afterCr);
        boolean endOfLine = cr || c == '\n';
        afterCr = cr;
        switch (state) {
            case QUOTED -> {
                if (c == '"') {
                    state = QUOTE_IN_QUOTED;
                } else if (cr) {
                    crInQuotes = true;
                }
            }
            case QUOTE_IN_QUOTED -> {
                if (c == '"') {
                    state = QUOTED;
                } else {
                    state = c == delimiter || endOfLine ? FIELD_START : UNQUOTED;
                }
            }
            default -> {
                if (endOfLine && firstLineEnding == 0) {
                    firstLineEnding = c;
                }
                if (c == delimiter || endOfLine) {
                    state = FIELD_START;
                } else if (state == FIELD_START && c == '"') {
                    state = QUOTED;
                    openedOn = line;
                } else {
                    state = UNQUOTED;
                }
            }
        }
        if (lineBreak) {
            line++;
        }
    }
}
