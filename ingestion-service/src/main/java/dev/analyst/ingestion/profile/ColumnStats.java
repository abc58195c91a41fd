package dev.analyst.ingestion.profile;

import dev.analyst.contracts.dataset.BooleanCounts;
import dev.analyst.contracts.dataset.ColumnProfile;
import dev.analyst.contracts.dataset.HistogramBucket;
import dev.analyst.contracts.dataset.NumericProfile;
import dev.analyst.contracts.dataset.TextProfile;
import dev.analyst.contracts.dataset.ValueCount;
import dev.analyst.contracts.dataset.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import org.jspecify.annotations.Nullable;

/** What the passes of {@link TableProfiler} learn about one column, filled in pass by pass. */
final class ColumnStats {

    private final ProfiledColumn column;

    long nonNull;
    long distinct;

    @Nullable
    Double min;

    @Nullable
    Double max;

    @Nullable
    Double mean;

    @Nullable
    Double stddev;

    double @Nullable [] quantiles;
    int buckets;
    long[] bucketCounts = new long[TableProfiler.MAX_BUCKETS];
    long outliers;
    int minLength;
    int maxLength;
    final List<ValueCount> topValues = new ArrayList<>();

    @Nullable
    String earliest;

    @Nullable
    String latest;

    long trueCount;
    long falseCount;

    ColumnStats(ProfiledColumn column) {
        this.column = column;
    }

    ProfiledColumn column() {
        return column;
    }

    /** Whether the column has finite numbers that are not all equal, so buckets and fences make sense. */
    boolean hasNumericSpread() {
        return numericKnown() && min < max;
    }

    private boolean numericKnown() {
        return column.numeric()
                && nonNull > 0
                && min != null
                && max != null
                && mean != null
                && stddev != null
                && quantiles != null
                && quantiles.length == 5
                && DoubleStream.concat(DoubleStream.of(min, max, mean, stddev), DoubleStream.of(quantiles))
                        .allMatch(Double::isFinite);
    }

    ColumnProfile toProfile(long rows) {
        double nullShare = rows == 0 ? 0 : TableProfiler.round((rows - nonNull) / (double) rows, 4);
        return new ColumnProfile(nullShare, distinct, numeric(), text(), range(), booleans());
    }

    private @Nullable NumericProfile numeric() {
        if (!numericKnown() || min == null || max == null || mean == null || stddev == null || quantiles == null) {
            return null;
        }
        var histogram = new ArrayList<HistogramBucket>(buckets);
        double width = (max - min) / Math.max(buckets, 1);
        for (int i = 0; i < buckets; i++) {
            histogram.add(new HistogramBucket(
                    min + i * width, i == buckets - 1 ? max : min + (i + 1) * width, bucketCounts[i]));
        }
        return new NumericProfile(
                min,
                max,
                mean,
                stddev,
                quantiles[0],
                quantiles[1],
                quantiles[2],
                quantiles[3],
                quantiles[4],
                histogram,
                outliers);
    }

    private @Nullable TextProfile text() {
        return column.kind() == ProfiledColumn.Kind.TEXT && nonNull > 0
                ? new TextProfile(minLength, maxLength, topValues)
                : null;
    }

    private @Nullable ValueRange range() {
        return earliest != null && latest != null ? new ValueRange(iso(earliest), iso(latest)) : null;
    }

    private @Nullable BooleanCounts booleans() {
        return column.kind() == ProfiledColumn.Kind.BOOLEAN ? new BooleanCounts(trueCount, falseCount) : null;
    }

    /** PostgreSQL's text of a timestamp with the ISO 8601 {@code T} between date and time. */
    static String iso(String value) {
        return value.length() > 10 && value.charAt(10) == ' '
                ? value.substring(0, 10) + 'T' + value.substring(11)
                : value;
    }
}
