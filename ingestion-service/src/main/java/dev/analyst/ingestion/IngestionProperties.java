package dev.analyst.ingestion;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the ingestion service can be tuned with, under {@code analyst.ingestion}.
 *
 * @param secretKey Base64 of the 32-byte AES-256-GCM key that seals datasource passwords
 */
@Validated
@ConfigurationProperties("analyst.ingestion")
public record IngestionProperties(
        @NotNull @Valid Upload upload,
        @NotNull @Valid Load load,
        @NotNull @Valid Datasource datasource,
        @NotNull @Valid Egress egress,
        @NotNull @Valid Relay relay,
        @NotBlank String secretKey) {

    /**
     * Limits of one upload.
     *
     * @param maxSize the largest file accepted; larger uploads get 413
     * @param maxColumns the widest header accepted (PostgreSQL allows 1600 columns)
     * @param tempDirectory where uploads are spooled before loading; the JVM's temp directory when unset
     * @param workbook limits checked on an .xlsx before it is parsed (the size limit also bounds Parquet)
     * @param maxFieldSize the longest single field of a text file (in characters); longer fails naming the line
     * @param maxRejectedRows rows an upload with {@code onError=quarantine} may set aside before it is
     *     refused after all (a file that is mostly broken is not a dataset)
     * @param maxConcurrentLoads uploads one tenant may have in progress at once; more get 429
     * @param retryAfter what a 429 tells the client to wait before trying again
     */
    public record Upload(
            @NotNull DataSize maxSize,
            @Min(1) @Max(1600) int maxColumns,
            @Nullable Path tempDirectory,
            @NotNull @Valid Workbook workbook,
            @NotNull @DefaultValue("1MB") DataSize maxFieldSize,
            @Min(1) @DefaultValue("10000") long maxRejectedRows,
            @Min(1) @DefaultValue("2") int maxConcurrentLoads,
            @NotNull @DefaultValue("10s") Duration retryAfter) {}

    /**
     * Zip limits of an .xlsx upload, against zip bombs.
     *
     * @param maxEntries most zip entries (a workbook has a few per sheet)
     * @param maxUncompressedSize most bytes all entries may inflate to together
     * @param maxCompressionRatio most an entry over 1 MiB may inflate relative to its compressed size
     */
    public record Workbook(
            @Min(1) int maxEntries,
            @NotNull DataSize maxUncompressedSize,
            @Min(1) int maxCompressionRatio) {}

    /**
     * How a file is loaded and profiled.
     *
     * @param progressEveryRows rows between two progress events
     * @param maxDistinctValues a text column with at most this many distinct values gets top values
     * @param topValues how many of its most frequent values are kept
     * @param maxValueLength longer values make a column free text rather than a category
     * @param staleAfter a load whose status has not changed for this long reads as interrupted
     * @param sampleRows rows of a table read to type its columns before its COPY starts
     * @param copyConnections connections that copy clean text into PostgreSQL at once, over all loads
     *     (each is a PostgreSQL backend parsing on a core of its own); 0 for one per processor, at most
     *     four (the connection pool serves the loads themselves too)
     * @param copyChunkSize how much text each of those connections is handed at a time
     */
    public record Load(
            @Min(1) int progressEveryRows,
            @Min(1) int maxDistinctValues,
            @Min(1) int topValues,
            @Min(1) int maxValueLength,
            @NotNull @DefaultValue("10m") Duration staleAfter,
            @Min(1) @DefaultValue("10000") int sampleRows,
            @Min(0) @DefaultValue("0") int copyConnections,
            @NotNull @DefaultValue("1MB") DataSize copyChunkSize) {

        /** {@link #copyConnections}, with 0 resolved to this machine's processors. */
        public int copyConnectionsResolved() {
            return copyConnections > 0
                    ? copyConnections
                    : Math.min(4, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * How an external PostgreSQL database is reached and introspected.
     *
     * @param connectTimeout TCP connect and login timeout
     * @param statementTimeout the longest any single introspection query may run
     * @param exactCountLimit tables the planner estimates at up to this many rows are counted exactly
     * @param maxTables schemas with more tables are refused rather than half described
     * @param maxNamedValues a naming column ({@code name}, {@code title}, {@code ..._name}) with at most
     *     this many distinct values has them all in the catalog, for questions that name one
     */
    public record Datasource(
            @NotNull Duration connectTimeout,
            @NotNull Duration statementTimeout,
            @Min(0) long exactCountLimit,
            @Min(1) int maxTables,
            @Min(0) @DefaultValue("1000") int maxNamedValues) {}

    /**
     * Which otherwise forbidden networks external datasources may be reached on.
     *
     * @param allow CIDR blocks (for example {@code 127.0.0.1/32}) exempt from the egress policy
     */
    public record Egress(List<String> allow) {

        public Egress {
            allow = allow == null ? List.of() : List.copyOf(allow);
        }
    }

    /**
     * The outbox relay.
     *
     * @param pollInterval how often pending rows are looked for when no commit woke the relay
     * @param batchSize rows published per transaction
     * @param sendTimeout how long one send may wait for the broker's acknowledgement
     */
    public record Relay(
            @NotNull Duration pollInterval,
            @Min(1) int batchSize,
            @NotNull Duration sendTimeout) {}
}
