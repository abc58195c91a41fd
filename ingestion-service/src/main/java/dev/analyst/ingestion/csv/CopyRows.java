package dev.analyst.ingestion.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes records in PostgreSQL's COPY text format: tab-separated, {@code \N} for null, backslash
 * escapes for the characters the format reserves. Typed values are trimmed (PostgreSQL would accept
 * the spaces, but not consistently across types) and converted where the column's style says so
 * ({@code 1.234,50 €} to {@code 1234.50}, {@code Jan 5, 2024} to {@code 2024-01-05}); text is kept
 * exactly as uploaded, including cells that look like spreadsheet formulas ({@code =}, {@code +},
 * {@code -}, {@code @}): nothing here evaluates them.
 */
public final class CopyRows {

    private final List<ValueStyle> styles;

    public CopyRows(List<ValueStyle> styles) {
        this.styles = List.copyOf(styles);
    }

    /** One row, with a cell per column ({@code cells.get(i)} for column {@code i}). */
    public void write(List<String> cells, Writer out) throws IOException {
        for (int i = 0; i < styles.size(); i++) {
            if (i > 0) {
                out.write('\t');
            }
            var cell = cells.get(i);
            if (TypeInference.isNull(cell)) {
                out.write("\\N");
            } else if (styles.get(i) == ValueStyle.VERBATIM) {
                escape(cell, out);
            } else {
                // Typed values are digits, signs, dates and times: nothing COPY needs escaped.
                out.write(styles.get(i).convert(cell));
            }
        }
        out.write('\n');
    }

    private static void escape(String value, Writer out) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }
}
