package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.KMeansClustering;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * k-means with k-means++ seeding on z-scores, so a column in large units does not outweigh the others.
 * The random generator has a fixed seed: the same rows always give the same clusters. Several restarts
 * keep the partition with the smallest within-cluster variance.
 *
 * <p>The silhouette is quadratic in the rows, so it is computed on a fixed sample of at most
 * {@link #SILHOUETTE_SAMPLE} rows (all of them below that), and k is chosen by fitting a fixed sample
 * of at most {@link #CHOICE_SAMPLE} rows: fast on 100,000 rows, exact on small data.
 */
final class KMeansClusteringOperation {

    private static final long SEED = 20240501L;
    private static final int RESTARTS = 8;
    /** On many rows k-means++ seeding already lands near the optimum; fewer restarts keep it fast. */
    private static final int RESTARTS_LARGE = 3;

    private static final int LARGE = 10_000;
    private static final int MAX_ITERATIONS = 300;
    private static final int MIN_K = 2;
    private static final int MAX_K = 8;
    private static final int SILHOUETTE_SAMPLE = 2_000;
    private static final int CHOICE_SAMPLE = 5_000;

    private KMeansClusteringOperation() {}

    static AnalysisResult run(KMeansClustering spec, Frame frame) {
        List<String> columns = List.copyOf(new LinkedHashSet<>(spec.columns()));
        if (columns.isEmpty()) {
            throw new AnalysisFailed(StepError.UNSUITABLE_DATA, "Clustering needs at least one numeric column.");
        }
        if (spec.clusters() == 1 || spec.clusters() < 0) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "Clustering needs at least two clusters (or 0 to choose), not %d.".formatted(spec.clusters()));
        }
        Selection rows = frame.complete(columns).requireRows(Math.max(3, spec.clusters() + 1), "Clustering");
        int n = rows.n();
        int d = columns.size();
        double[][] original = new double[d][];
        double[] means = new double[d];
        double[] stds = new double[d];
        for (int j = 0; j < d; j++) {
            original[j] = rows.numbers(columns.get(j));
            means[j] = Arrays.stream(original[j]).sum() / n;
            double squares = 0;
            for (double value : original[j]) {
                squares += (value - means[j]) * (value - means[j]);
            }
            stds[j] = Math.sqrt(squares / (n - 1));
            if (stds[j] == 0) {
                throw new AnalysisFailed(
                        StepError.UNSUITABLE_DATA,
                        "%s has the same value in every row, so it cannot separate clusters; leave it out."
                                .formatted(columns.get(j)));
            }
        }
        var points = new ArrayList<DoublePoint>(n);
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = (original[j][i] - means[j]) / stds[j];
            }
            points.add(new DoublePoint(z));
        }
        int distinct = distinct(points, Math.max(spec.clusters(), MAX_K));

        boolean chosen = spec.clusters() == 0;
        int k = chosen ? choose(points, distinct) : spec.clusters();
        if (k > distinct) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "The rows have only %d distinct combinations of %s, too few for %d clusters."
                            .formatted(distinct, Phrases.names(columns), k));
        }
        int[] labels = cluster(points, k);
        double silhouette = silhouette(sample(points.size(), SILHOUETTE_SAMPLE), points, labels, k);

        // Clusters numbered by size, largest first, so the numbering does not depend on the seeding.
        long[] sizes = new long[k];
        double[][] centroids = new double[k][d];
        for (int i = 0; i < n; i++) {
            sizes[labels[i]]++;
            for (int j = 0; j < d; j++) {
                centroids[labels[i]][j] += original[j][i];
            }
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
            for (int j = 0; j < d; j++) {
                centroids[c][j] /= sizes[c];
            }
        }
        Arrays.sort(
                order, Comparator.comparingLong((Integer c) -> -sizes[c]).thenComparingDouble(c -> centroids[c][0]));

        var table = new TableBuilder()
                .column("cluster", TableBuilder.INT)
                .column("size", TableBuilder.INT)
                .column("share", TableBuilder.FLOAT);
        columns.forEach(column -> table.column(column, TableBuilder.FLOAT));
        var sizeWords = new ArrayList<String>();
        for (int rank = 0; rank < k; rank++) {
            int c = order[rank];
            Object[] row = new Object[3 + d];
            row[0] = rank + 1L;
            row[1] = sizes[c];
            row[2] = (double) sizes[c] / n;
            for (int j = 0; j < d; j++) {
                row[3 + j] = centroids[c][j];
            }
            table.row(row);
            sizeWords.add(Phrases.count(sizes[c]));
        }

        var statistics = new LinkedHashMap<String, Double>();
        statistics.put("n", (double) n);
        statistics.put("k", (double) k);
        statistics.put("silhouette", silhouette);

        var findings = new ArrayList<String>();
        findings.add("The %s rows fall into %d clusters of %s rows; the mean silhouette is %s, %s."
                .formatted(
                        Phrases.count(n),
                        k,
                        Phrases.names(sizeWords),
                        Phrases.number(silhouette),
                        silhouette > 0.5
                                ? "so the clusters are clearly separated"
                                : silhouette > 0.25
                                        ? "so the clusters are moderately separated"
                                        : "so the grouping is weak"));
        if (chosen) {
            findings.add("k = %d had the best mean silhouette of the choices from %d to %d."
                    .formatted(k, MIN_K, Math.min(MAX_K, distinct)));
        }
        findings.add(
                "The clusters were found on standardised values; the table gives their centres in the original units.");
        findings.addAll(rows.notes());
        String title = "%d clusters of %s".formatted(k, Phrases.names(columns));
        var chart = new ChartSpec("bar", title, "cluster", List.of("size"), "Cluster", "Rows");
        return new AnalysisResult(title, table.build(), statistics, findings, chart);
    }

    /** How many distinct points there are, counting no further than {@code enough}. */
    private static int distinct(List<DoublePoint> points, int enough) {
        var seen = new HashSet<List<Double>>();
        for (DoublePoint point : points) {
            seen.add(Arrays.stream(point.getPoint()).boxed().toList());
            if (seen.size() > enough) {
                break;
            }
        }
        return seen.size();
    }

    /** The k from 2 to 8 whose clustering of a fixed sample has the highest mean silhouette. */
    private static int choose(List<DoublePoint> points, int distinct) {
        int[] fitted = sample(points.size(), CHOICE_SAMPLE);
        var sample = new ArrayList<DoublePoint>(fitted.length);
        for (int i : fitted) {
            sample.add(points.get(i));
        }
        int[] scored = sample(sample.size(), SILHOUETTE_SAMPLE);
        int best = MIN_K;
        double bestSilhouette = Double.NEGATIVE_INFINITY;
        for (int k = MIN_K; k <= Math.min(MAX_K, Math.min(distinct, sample.size() - 1)); k++) {
            double silhouette = silhouette(scored, sample, cluster(sample, k), k);
            if (silhouette > bestSilhouette + 1e-12) {
                best = k;
                bestSilhouette = silhouette;
            }
        }
        return best;
    }

    /** Each point's cluster, 0 to k - 1. */
    private static int[] cluster(List<DoublePoint> points, int k) {
        List<CentroidCluster<DoublePoint>> clusters;
        try {
            var clusterer = new KMeansPlusPlusClusterer<DoublePoint>(
                    k, MAX_ITERATIONS, new EuclideanDistance(), new JDKRandomGenerator((int) SEED));
            clusters = new MultiKMeansPlusPlusClusterer<>(clusterer, points.size() > LARGE ? RESTARTS_LARGE : RESTARTS)
                    .cluster(points);
        } catch (MathIllegalStateException e) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "k-means could not form %d non-empty clusters from these rows; try fewer.".formatted(k));
        }
        var labels = new IdentityHashMap<DoublePoint, Integer>(points.size());
        for (int c = 0; c < clusters.size(); c++) {
            for (DoublePoint point : clusters.get(c).getPoints()) {
                labels.put(point, c);
            }
        }
        int[] result = new int[points.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = labels.get(points.get(i));
        }
        return result;
    }

    /** A fixed pseudo-random choice of at most {@code size} of {@code n} indexes; all when n is small. */
    private static int[] sample(int n, int size) {
        int[] indexes = new int[n];
        Arrays.setAll(indexes, i -> i);
        if (n <= size) {
            return indexes;
        }
        var random = new Random(SEED);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int swap = indexes[i];
            indexes[i] = indexes[j];
            indexes[j] = swap;
        }
        return Arrays.copyOf(indexes, size);
    }

    /**
     * The mean silhouette of the sampled points: (b - a) / max(a, b), a the mean distance to the others
     * in the point's cluster, b the smallest mean distance to another cluster; 0 for a point alone.
     */
    private static double silhouette(int[] sample, List<DoublePoint> points, int[] labels, int k) {
        var distance = new EuclideanDistance();
        double total = 0;
        for (int i : sample) {
            double[] sums = new double[k];
            int[] counts = new int[k];
            for (int j : sample) {
                if (i != j) {
                    sums[labels[j]] += distance.compute(
                            points.get(i).getPoint(), points.get(j).getPoint());
                    counts[labels[j]]++;
                }
            }
            int own = labels[i];
            if (counts[own] == 0) {
                continue;
            }
            double a = sums[own] / counts[own];
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && counts[c] > 0) {
                    b = Math.min(b, sums[c] / counts[c]);
                }
            }
            if (Double.isFinite(b) && Math.max(a, b) > 0) {
                total += (b - a) / Math.max(a, b);
            }
        }
        return total / sample.length;
    }
}
