package dev.analyst.contracts.dataset;

/**
 * A PostgreSQL database someone connected, reached with read-only credentials.
 *
 * @param sealedPassword the password encrypted with the suite's secret key (AES-GCM, Base64); only
 *     a service holding that key can open it
 */
public record ExternalPostgres(
        String host, int port, String database, String schema, String username, String sealedPassword)
        implements DatasetLocation {

    @Override
    public String toString() {
        return "ExternalPostgres[" + username + "@" + host + ":" + port + "/" + database + "." + schema + "]";
    }
}
