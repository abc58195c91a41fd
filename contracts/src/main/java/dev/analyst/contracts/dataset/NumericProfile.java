package dev.analyst.contracts.dataset;

import java.util.List;

/**
 * The distribution of a numeric column's non-null values.
 *
 * @param stddev the sample standard deviation, 0 for a single value
 * @param p05 a continuous percentile (PostgreSQL {@code percentile_cont}), as are the other quartiles
 * @param histogram equal-width buckets from {@code min} to {@code max} (at most 20); empty when all
 *     values are equal
 * @param outliers values more than 1.5 interquartile ranges below {@code p25} or above {@code p75}
 */
public record NumericProfile(
        double min,
        double max,
        double mean,
        double stddev,
        double p05,
        double p25,
        double p50,
        double p75,
        double p95,
        List<HistogramBucket> histogram,
        long outliers) {

    public NumericProfile {
        histogram = List.copyOf(histogram);
    }
}
