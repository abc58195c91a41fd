package dev.analyst.ingestion.csv;

/** The file has a header row but no row of data under it. */
public final class NoDataRows extends RuntimeException {

    public NoDataRows() {
        super("The file has a header row but no data rows");
    }
}
