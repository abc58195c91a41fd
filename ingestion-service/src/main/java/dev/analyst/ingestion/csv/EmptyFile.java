package dev.analyst.ingestion.csv;

/** The upload held no bytes, or only whitespace. */
public final class EmptyFile extends RuntimeException {

    public EmptyFile() {
        super("The file is empty");
    }
}
