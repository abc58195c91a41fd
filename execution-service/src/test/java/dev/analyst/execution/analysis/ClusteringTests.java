package dev.analyst.execution.analysis;

import static dev.analyst.execution.analysis.Datasets.assertRelative;
import static dev.analyst.execution.analysis.Datasets.cell;
import static dev.analyst.execution.analysis.Datasets.row;
import static dev.analyst.execution.analysis.Datasets.statistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.KMeansClustering;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ClusteringTests {

    // Three groups drawn once with numpy (seed 11) around (0, 0), (10, 100) and (0, 200), written out;
    // y is in units 100 times larger than x, so only standardising lets x count.
    private static final double[] X = {
        0.03, 1.36, 1.22, -0.51, -0.3, -0.53, 0.57, -0.06, 0.75, -1.85, 1.57, -0.1, 8.08, 9.19, 9.53, 8.81, 8.51, 10.04,
        10.9, 9.77, 9.26, 10.38, -0.66, -0.84, -1.73, 0.13, 0.53, -0.74, 1.39, 0.82
    };
    private static final double[] Y = {
        6.8, -1.4, -3.8, 4.6, 8.2, -2.0, -1.5, 6.9, -8.7, -15.1, 3.9, -6.7, 107.2, 97.0, 105.4, 110.4, 97.9, 91.9,
        103.5, 102.5, 111.0, 87.2, 206.3, 204.0, 209.6, 186.7, 206.1, 206.0, 182.3, 203.5
    };

    private final AnalysisEngine engine = new AnalysisEngine();

    @Test
    void findsTheThreeGroupsWithCentresInOriginalUnits() {
        AnalysisResult result = engine.run(new KMeansClustering(List.of("x", "y"), 3), blobs());

        assertGroups(result);
    }

    @Test
    void choosesThreeClustersBySilhouette() {
        AnalysisResult result = engine.run(new KMeansClustering(List.of("x", "y"), 0), blobs());

        assertThat(statistic(result, "k")).isEqualTo(3);
        assertGroups(result);
        assertThat(result.findings()).contains("k = 3 had the best mean silhouette of the choices from 2 to 8.");
    }

    @Test
    void isReproducible() {
        AnalysisResult first = engine.run(new KMeansClustering(List.of("x", "y"), 4), blobs());
        AnalysisResult second = engine.run(new KMeansClustering(List.of("x", "y"), 4), blobs());

        assertThat(second.table()).isEqualTo(first.table());
        assertThat(second.statistics()).isEqualTo(first.statistics());
    }

    @Test
    void refusesAConstantColumnAndTooManyClusters() {
        var rows = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 10; i++) {
            rows.add(row((double) i, 1L));
        }
        ResultTable table = Datasets.table(List.of("a", "b"), List.of("float8", "int8"), rows);

        assertThatThrownBy(() -> engine.run(new KMeansClustering(List.of("a", "b"), 2), table))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("b has the same value in every row");
        assertThatThrownBy(() -> engine.run(new KMeansClustering(List.of("a"), 12), table))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("at least 13 rows");
    }

    private static void assertGroups(AnalysisResult result) {
        // numpy means of the three true groups; the mean silhouette of that partition on z-scores by
        // scipy.spatial.distance.cdist (reference.py). Clusters are numbered by size.
        assertThat(cell(result, "1", "size")).isEqualTo(12);
        assertRelative(cell(result, "1", "x"), 0.17916666666666667, 1e-12);
        assertRelative(cell(result, "1", "y"), -0.7333333333333335, 1e-12);
        assertThat(cell(result, "2", "size")).isEqualTo(10);
        assertRelative(cell(result, "2", "x"), 9.447, 1e-12);
        assertRelative(cell(result, "2", "y"), 101.4, 1e-12);
        assertThat(cell(result, "3", "size")).isEqualTo(8);
        assertRelative(cell(result, "3", "x"), -0.1375, 1e-12);
        assertRelative(cell(result, "3", "y"), 200.5625, 1e-12);
        assertRelative(statistic(result, "silhouette"), 0.8779802273041266, 1e-10);
        assertThat(statistic(result, "n")).isEqualTo(30);
        assertThat(result.chart().x()).isEqualTo("cluster");
    }

    private static ResultTable blobs() {
        var rows = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < X.length; i++) {
            rows.add(row(X[i], Y[i]));
        }
        return Datasets.table(List.of("x", "y"), List.of("float8", "float8"), rows);
    }
}
