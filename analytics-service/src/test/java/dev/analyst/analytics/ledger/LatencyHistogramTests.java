package dev.analyst.analytics.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTests {

    @Test
    void bucketsTileTheDurationsWithoutGaps() {
        assertThat(LatencyHistogram.lowerBound(0)).isZero();
        assertThat(LatencyHistogram.upperBound(0)).isEqualTo(1.0);
        for (int bucket = 1; bucket < 241; bucket++) {
            assertThat(LatencyHistogram.lowerBound(bucket)).isEqualTo(LatencyHistogram.upperBound(bucket - 1));
            assertThat(LatencyHistogram.upperBound(bucket) / LatencyHistogram.lowerBound(bucket))
                    .isCloseTo(1 + LatencyHistogram.RELATIVE_RESOLUTION, within(1e-12));
        }
        assertThat(LatencyHistogram.lowerBound(9)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void estimatesPercentilesWithinOneBucketOfTheExactValue() {
        var random = new Random(7);
        for (int sample = 0; sample < 20; sample++) {
            var latencies = new long[50 + random.nextInt(2_000)];
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = Math.round(Math.exp(4 + 2 * random.nextDouble() + random.nextGaussian()));
            }
            var histogram = histogramOf(latencies);
            Arrays.sort(latencies);
            for (double fraction : new double[] {0.5, 0.9, 0.95}) {
                double exact = percentileCont(latencies, fraction);
                assertThat(histogram.percentile(fraction))
                        .as("p%.0f of %d calls", fraction * 100, latencies.length)
                        .isCloseTo(exact, within(exact * LatencyHistogram.RELATIVE_RESOLUTION));
            }
        }
    }

    @Test
    void staysInsideTheBucketOfIdenticalDurations() {
        var histogram = histogramOf(new long[] {300, 300, 300, 300});

        assertThat(histogram.percentile(0.5)).isCloseTo(300, within(300 * LatencyHistogram.RELATIVE_RESOLUTION));
        assertThat(histogram.percentile(0.95)).isCloseTo(300, within(300 * LatencyHistogram.RELATIVE_RESOLUTION));
        assertThat(histogram.total()).isEqualTo(4);
    }

    @Test
    void answersZeroForNoCalls() {
        assertThat(new LatencyHistogram().percentile(0.95)).isZero();
    }

    private static LatencyHistogram histogramOf(long[] latencies) {
        var histogram = new LatencyHistogram();
        for (long millis : latencies) {
            histogram.add(bucketOf(millis), 1);
        }
        return histogram;
    }

    /** The V3 migration's latency_bucket function (RollupsIT checks the database's against the bounds). */
    private static int bucketOf(long millis) {
        return millis < 1 ? 0 : (int) Math.min(1 + Math.floor(8 * Math.log(millis) / Math.log(2) + 1e-9), 241);
    }

    /** PostgreSQL's percentile_cont: linear interpolation between the two closest ranks. */
    private static double percentileCont(long[] sorted, double fraction) {
        double rank = fraction * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
