package dev.analyst.launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of measured latencies, as every benchmark here reports them. */
final class Latencies {

    private Latencies() {}

    static List<Long> sorted(List<Long> nanos) {
        var copy = new ArrayList<>(nanos);
        Collections.sort(copy);
        return copy;
    }

    /** The nearest-rank {@code quantile} of latencies already sorted, in milliseconds; NaN for none. */
    static double millis(List<Long> sortedNanos, double quantile) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(quantile * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }
}
