package dev.analyst.ingestion.source;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Receives the tables of a file, one after another, as a {@link TabularSource} reads them. */
public interface RowSink {

    /**
     * A table starts.
     *
     * @param label what the file calls it (a sheet's name), or null when the file is one table
     */
    void startTable(@Nullable String label) throws IOException;

    /**
     * A data row: cell {@code i} belongs to column {@code i}; a null or blank cell is null. A row may
     * be shorter than the header (missing cells are null) or longer (the table gains columns).
     */
    void row(List<@Nullable String> cells) throws IOException;

    /**
     * A row of the current table that does not fit it (another number of fields than the header),
     * set aside because the upload asked for quarantine. Only sources that can quarantine call it.
     *
     * @param line the 1-based line of the file the row starts on
     * @param text the row as written in the file
     */
    default void rejected(long line, String text) throws IOException {
        throw new UnsupportedOperationException("This sink does not quarantine rows");
    }

    /**
     * The table ends.
     *
     * @param header the column labels as written; may be shorter than the widest row
     */
    void endTable(List<String> header) throws IOException;
}
