package dev.analyst.ingestion.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Delimited text that PostgreSQL can parse itself with {@code COPY ... (FORMAT csv)}, reading every
 * record as this service's own parser would: no Java-side parsing at all for files whose values
 * PostgreSQL takes as written.
 */
public interface CopyableText {

    /**
     * The options of a {@code COPY ... FROM STDIN} that reads the file's records the way {@link
     * TabularSource#read} does (format, delimiter, encoding) once the caller has taken the header
     * line off, byte order mark and all; or empty when PostgreSQL would read it differently (UTF-16
     * text, a file that starts with blank lines, a load that quarantines malformed rows).
     */
    Optional<String> copyOptions();

    /** The field delimiter. */
    char delimiter();

    /** The file's header labels, as written. */
    List<String> header() throws IOException;

    /** The file's bytes from the start, byte order mark and header included, as COPY reads them. */
    InputStream openRaw() throws IOException;
}
