package dev.analyst.analytics.ledger;

import java.util.Map;
import java.util.TreeMap;

/**
 * Call counts per log-spaced duration bucket, as the {@code latency_bucket} SQL function of the V3
 * migration files them: bucket 0 holds 0 ms, bucket b >= 1 holds [2^((b-1)/8), 2^(b/8)) ms.
 *
 * <p>Accuracy: a percentile is read at the rank {@code percentile_cont} uses, {@code q (n - 1)}, and
 * interpolated linearly inside the bucket holding the call of that rank. The estimate therefore lies in
 * the same bucket as that call, and so does the exact percentile whenever the two calls it interpolates
 * between share a bucket, which they do on any sample dense enough for a percentile to mean much: the
 * error is then under one bucket width, 2^(1/8) - 1 = 9.05 % of the exact value.
 */
final class LatencyHistogram {

    static final int BUCKETS_PER_DOUBLING = 8;

    /** The estimate's worst error relative to the exact percentile (see above). */
    static final double RELATIVE_RESOLUTION = Math.pow(2, 1.0 / BUCKETS_PER_DOUBLING) - 1;

    private final TreeMap<Integer, Long> counts = new TreeMap<>();
    private long total;

    void add(int bucket, long calls) {
        if (calls > 0) {
            counts.merge(bucket, calls, Long::sum);
            total += calls;
        }
    }

    long total() {
        return total;
    }

    /** The {@code fraction} (0..1) percentile in milliseconds, 0 when the histogram is empty. */
    double percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        double rank = fraction * (total - 1);
        long before = 0;
        for (Map.Entry<Integer, Long> bucket : counts.entrySet()) {
            long count = bucket.getValue();
            if (rank < before + count) {
                // The calls of a bucket are taken as evenly spread, each at the middle of its share.
                double position = (rank - before + 0.5) / count;
                double lower = lowerBound(bucket.getKey());
                return lower + position * (upperBound(bucket.getKey()) - lower);
            }
            before += count;
        }
        return upperBound(counts.lastKey());
    }

    static double lowerBound(int bucket) {
        return bucket == 0 ? 0 : Math.pow(2, (bucket - 1) / (double) BUCKETS_PER_DOUBLING);
    }

    static double upperBound(int bucket) {
        return bucket == 0 ? 1 : Math.pow(2, bucket / (double) BUCKETS_PER_DOUBLING);
    }
}
