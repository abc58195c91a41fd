package dev.analyst.ingestion.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes records in PostgreSQL's COPY text format: tab-separated, {@code \N} for null, backslash
 * escapes for the characters the format reserves. Typed values are trimmed (PostgreSQL would accept
 * the spaces, but not consistently across types); text is kept exactly as uploaded.
 */
public final class CopyRows {

    private final List<ColumnType> types;

    public CopyRows(List<ColumnType> types) {
        this.types = List.copyOf(types);
    }

    /** One row, with a cell per column ({@code cells.get(i)} for column {@code i}). */
    public void write(List<String> cells, Writer out) throws IOException {
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                out.write('\t');
            }
            var cell = cells.get(i);
            if (TypeInference.isNull(cell)) {
                out.write("\\N");
            } else if (types.get(i).trimsValues()) {
                out.write(cell.strip());
            } else {
                escape(cell, out);
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
