package dev.analyst.contracts.dataset;

/**
 * Values from {@code lower} (inclusive) to {@code upper} (exclusive, inclusive for the last bucket).
 */
public record HistogramBucket(double lower, double upper, long count) {}
