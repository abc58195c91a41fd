package dev.analyst.ingestion.source;

/** The upload is in a format this service does not load; the message says which ones it does. */
public final class UnsupportedFormat extends RuntimeException {

    public UnsupportedFormat(String reason) {
        super(reason + ". Supported formats: " + FileFormat.SUPPORTED + ".");
    }
}
