package dev.analyst.ingestion.datasource;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL database to connect as a dataset.
 *
 * @param host a DNS name or an IP literal (IPv6 with or without brackets)
 * @param schema the schema whose tables become the dataset; {@code public} when omitted
 */
record DatasourceRequest(
        @NotBlank @Size(max = 200) String name,

        @NotBlank
        @Size(max = 253)
        @Pattern(regexp = "\\[?[A-Za-z0-9.:\\-]+]?", message = "must be a host name or an IP address")
        String host,

        @Min(1) @Max(65535) int port,
        @NotBlank @Size(max = 63) String database,
        @Nullable @Size(max = 63) String schema,
        @NotBlank @Size(max = 63) String username,
        @NotNull @Size(max = 1024) String password) {

    DatasourceRequest {
        schema = schema == null || schema.isBlank() ? "public" : schema;
    }

    /** The schema, defaulted. */
    String schemaName() {
        return schema == null ? "public" : schema;
    }

    /** The host without the brackets of an IPv6 literal. */
    String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        // The password never reaches a log line.
        return "DatasourceRequest[" + name + ": " + username + "@" + host + ":" + port + "/" + database + "." + schema
                + "]";
    }
}
