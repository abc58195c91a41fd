package dev.analyst.ingestion.source;

/**
 * The file is refused before it is parsed because reading it could exhaust the service: a zip bomb,
 * too many archive entries, or XML with a document type declaration (entity expansion, XXE).
 */
public final class UnsafeFile extends RuntimeException {

    public UnsafeFile(String reason) {
        super(reason);
    }
}
