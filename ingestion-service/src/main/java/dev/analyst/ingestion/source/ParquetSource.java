package dev.analyst.ingestion.source;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import dev.analyst.ingestion.csv.MalformedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.jspecify.annotations.Nullable;

/**
 * An Apache Parquet file as one table, read row group by row group with parquet-floor (parquet-java
 * without the Hadoop tree). Columns are the leaf columns of the schema, nested fields named with
 * dots ({@code address.city}); dates, timestamps (with time zone when adjusted to UTC) and decimals
 * keep their types through their logical type annotations. Repeated (list) columns are refused
 * rather than silently left out.
 */
final class ParquetSource implements TabularSource {

    private final Path file;
    private final int maxColumns;
    private final long maxUncompressedBytes;

    /**
     * @param maxUncompressedBytes most bytes the row groups may declare uncompressed (the workbook
     *     limit, against decompression bombs)
     */
    ParquetSource(Path file, int maxColumns, long maxUncompressedBytes) {
        this.file = file;
        this.maxColumns = maxColumns;
        this.maxUncompressedBytes = maxUncompressedBytes;
    }

    @Override
    public FileFormat format() {
        return FileFormat.PARQUET;
    }

    @Override
    public long bytesRead() {
        return -1;
    }

    @Override
    public void read(RowSink sink) throws IOException {
        List<ColumnDescriptor> columns;
        long uncompressed;
        org.apache.parquet.hadoop.metadata.ParquetMetadata metadata;
        try {
            metadata = ParquetReader.readMetadata(file.toFile());
            columns = metadata.getFileMetaData().getSchema().getColumns();
            uncompressed = metadata.getBlocks().stream()
                    .mapToLong(block -> block.getTotalByteSize())
                    .sum();
        } catch (IOException | RuntimeException e) {
            throw new MalformedFile(0, "The file cannot be read as Apache Parquet", e);
        }
        if (uncompressed > maxUncompressedBytes) {
            throw new UnsafeFile("The Parquet file declares " + uncompressed + " bytes of uncompressed data; at most "
                    + maxUncompressedBytes + " are accepted");
        }
        try {
            ParquetPages.check(file, metadata, maxUncompressedBytes);
        } catch (UnsafeFile e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedFile(0, "The file cannot be read as Apache Parquet: its pages are damaged", e);
        }
        var repeated = columns.stream()
                .filter(column -> column.getMaxRepetitionLevel() > 0)
                .map(column -> String.join(".", column.getPath()))
                .toList();
        if (!repeated.isEmpty()) {
            throw new MalformedFile(
                    0, "The Parquet file has list (repeated) columns, which are not supported: " + repeated, null);
        }
        if (columns.size() > maxColumns) {
            throw new MalformedFile(
                    0, "The file has " + columns.size() + " columns; at most " + maxColumns + " are supported", null);
        }
        var header = new ArrayList<String>(columns.size());
        var indexes = new HashMap<String, Integer>();
        var converters = new ArrayList<Function<Object, String>>(columns.size());
        for (var column : columns) {
            var name = String.join(".", column.getPath());
            indexes.put(name, header.size());
            header.add(name);
            converters.add(converter(column.getPrimitiveType().getLogicalTypeAnnotation()));
        }
        sink.startTable(null);
        try (var rows = ParquetReader.streamContent(
                file.toFile(), new RowHydrator(columns.size(), converters), path -> index(indexes, path))) {
            rows.forEach(row -> {
                try {
                    sink.row(Arrays.asList(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (MalformedFile e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedFile(0, "The Parquet file cannot be read", e);
        }
        sink.endTable(header);
    }

    private static @Nullable Integer index(Map<String, Integer> indexes, String[] path) {
        return indexes.get(String.join(".", path));
    }

    /** Cells of one row, converted as they arrive. */
    private record RowHydrator(int width, List<Function<Object, String>> converters)
            implements Hydrator<@Nullable String[], @Nullable String[], Integer> {

        @Override
        public @Nullable String[] start() {
            return new String[width];
        }

        @Override
        public @Nullable String[] add(@Nullable String[] row, Integer column, @Nullable Object value) {
            row[column] = value == null ? null : converters.get(column).apply(value);
            return row;
        }

        @Override
        public @Nullable String[] finish(@Nullable String[] row) {
            return row;
        }
    }

    /** How a column's raw values become the text {@code TypeInference} reads. */
    private static Function<Object, String> converter(@Nullable LogicalTypeAnnotation type) {
        return switch (type) {
            case DateLogicalTypeAnnotation date ->
                value -> value instanceof Number days
                        ? LocalDate.ofEpochDay(days.longValue()).toString()
                        : String.valueOf(value);
            case TimestampLogicalTypeAnnotation timestamp ->
                value -> value instanceof Number number
                        ? timestamp(number.longValue(), timestamp.getUnit(), timestamp.isAdjustedToUTC())
                        : String.valueOf(value);
            case TimeLogicalTypeAnnotation time ->
                value -> value instanceof Number number
                        ? LocalTime.ofNanoOfDay(number.longValue() * nanosPer(time.getUnit()))
                                .toString()
                        : String.valueOf(value);
            case DecimalLogicalTypeAnnotation decimal ->
                value -> value instanceof Number number
                        ? BigDecimal.valueOf(number.longValue(), decimal.getScale())
                                .toPlainString()
                        : String.valueOf(value);
            case null, default -> String::valueOf;
        };
    }

    private static String timestamp(long value, TimeUnit unit, boolean utc) {
        long nanosPerUnit = nanosPer(unit);
        long perSecond = 1_000_000_000L / nanosPerUnit;
        var instant =
                Instant.ofEpochSecond(Math.floorDiv(value, perSecond), Math.floorMod(value, perSecond) * nanosPerUnit);
        var local = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return utc ? local + "Z" : local.toString();
    }

    private static long nanosPer(TimeUnit unit) {
        return switch (unit) {
            case MILLIS -> 1_000_000L;
            case MICROS -> 1_000L;
            case NANOS -> 1L;
        };
    }
}
