package dev.analyst.execution.analysis;

import java.util.Arrays;

/**
 * The five-number summary with quartiles by linear interpolation between order statistics (Hyndman and
 * Fan's type 7): what R's {@code quantile}, numpy's {@code percentile} and pandas' {@code describe} give.
 */
record Quartiles(double min, double q1, double median, double q3, double max) {

    static Quartiles of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Quartiles(
                sorted[0],
                quantile(sorted, 0.25),
                quantile(sorted, 0.5),
                quantile(sorted, 0.75),
                sorted[sorted.length - 1]);
    }

    double iqr() {
        return q3 - q1;
    }

    private static double quantile(double[] sorted, double probability) {
        double position = probability * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
