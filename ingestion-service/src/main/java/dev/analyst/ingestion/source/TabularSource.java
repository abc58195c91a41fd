package dev.analyst.ingestion.source;

import java.io.IOException;

/**
 * An uploaded file read as one or more tables of string cells. Each call to {@link #read} is one
 * streaming pass from the start, with memory bounded by the width of a row, not the size of the file;
 * a load usually needs one, and a second when a sample of the first rows misjudged a column.
 */
public interface TabularSource {

    /** The format, as reported to users ({@code csv}, {@code xlsx}...). */
    FileFormat format();

    /**
     * Reads every table of the file into {@code sink}, in the same order and with the same cells on
     * every call.
     *
     * @throws dev.analyst.ingestion.csv.MalformedFile when the file cannot be read, naming the line
     *     or cell
     */
    void read(RowSink sink) throws IOException;

    /** Bytes of the file consumed by the pass under way, or -1 when the format cannot tell. */
    long bytesRead();
}
