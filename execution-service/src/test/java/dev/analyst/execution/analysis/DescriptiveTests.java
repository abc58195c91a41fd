package dev.analyst.execution.analysis;

import static dev.analyst.execution.analysis.Datasets.assertRelative;
import static dev.analyst.execution.analysis.Datasets.cell;
import static dev.analyst.execution.analysis.Datasets.position;
import static dev.analyst.execution.analysis.Datasets.statistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.CorrelationMatrix.Coefficient;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.OutlierDetection;
import dev.analyst.contracts.analysis.OutlierDetection.Rule;
import dev.analyst.contracts.step.StepError;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptiveTests {

    private final AnalysisEngine engine = new AnalysisEngine();

    @Test
    void describesNumericAndTextColumns() {
        AnalysisResult result = engine.run(new Describe(List.of("mpg", "hp", "transmission")), Datasets.mtcars());

        // numpy mean, std(ddof=1) and percentile (linear, R's type 7) in reference.py.
        assertRelative(cell(result, "mpg", "mean"), 20.090625, 1e-12);
        assertRelative(cell(result, "mpg", "std"), 6.026948052089104, 1e-12);
        assertRelative(cell(result, "mpg", "min"), 10.4, 1e-12);
        assertRelative(cell(result, "mpg", "q1"), 15.425, 1e-12);
        assertRelative(cell(result, "mpg", "median"), 19.2, 1e-12);
        assertRelative(cell(result, "mpg", "q3"), 22.8, 1e-12);
        assertRelative(cell(result, "mpg", "max"), 33.9, 1e-12);
        assertRelative(cell(result, "hp", "std"), 68.56286848932059, 1e-12);
        assertRelative(cell(result, "hp", "q1"), 96.5, 1e-12);
        assertRelative(cell(result, "hp", "q3"), 180, 1e-12);
        assertThat(cell(result, "mpg", "count")).isEqualTo(32);
        // collections.Counter: automatic is the more common transmission, 19 of 32.
        var transmission = result.table().rows().get(2);
        assertThat(transmission.get(position(result.table(), "distinct"))).isEqualTo(2L);
        assertThat(transmission.get(position(result.table(), "top"))).isEqualTo("automatic");
        assertThat(transmission.get(position(result.table(), "top_count"))).isEqualTo(19L);
        assertThat(transmission.get(position(result.table(), "mean"))).isNull();
        assertThat(statistic(result, "n")).isEqualTo(32);
        assertThat(result.findings())
                .containsExactly(
                        "Described 3 columns over 32 rows.",
                        "mpg ranges from 10.4 to 33.9, with a median of 19.2 and a mean of 20.1.");
        assertThat(result.chart().type()).isEqualTo("table");
    }

    @Test
    void describesEveryColumnWhenNoneAreNamed() {
        AnalysisResult result = engine.run(new Describe(List.of()), Datasets.mtcars());

        assertThat(result.table().rows())
                .extracting(r -> r.get(0))
                .containsExactly("mpg", "cyl", "hp", "wt", "am", "transmission");
    }

    @Test
    void pearsonCorrelationsMatchScipy() {
        AnalysisResult result =
                engine.run(new CorrelationMatrix(List.of("mpg", "hp", "wt"), Coefficient.PEARSON), Datasets.mtcars());

        // scipy.stats.pearsonr (reference.py).
        assertRelative(correlation(result, "mpg", "hp", "correlation"), -0.7761683718265864, 1e-12);
        assertRelative(correlation(result, "mpg", "hp", "p_value"), 1.787835254121068e-07, 1e-6);
        assertRelative(correlation(result, "mpg", "wt", "correlation"), -0.8676593765172278, 1e-12);
        assertRelative(correlation(result, "wt", "mpg", "p_value"), 1.2939587013505127e-10, 1e-6);
        assertRelative(correlation(result, "hp", "wt", "correlation"), 0.658747887344759, 1e-12);
        assertRelative(correlation(result, "hp", "wt", "p_value"), 4.1458274410753474e-05, 1e-6);
        assertThat(correlation(result, "hp", "hp", "correlation")).isEqualTo(1);
        assertThat(result.table().rows()).hasSize(9);
        assertThat(statistic(result, "significant_pairs")).isEqualTo(3);
        assertThat(result.chart().type()).isEqualTo("heatmap");
        assertThat(result.chart().x()).isEqualTo("column_b");
        assertThat(result.chart().series()).isEqualTo("column_a");
        assertThat(result.findings().getFirst())
                .isEqualTo("The strongest correlation is negative between mpg and wt (r = -0.868, p < 0.001, n = 32),"
                        + " statistically significant at the 5% level.");
    }

    @Test
    void spearmanCorrelationsMatchScipy() {
        AnalysisResult result =
                engine.run(new CorrelationMatrix(List.of("mpg", "hp", "wt"), Coefficient.SPEARMAN), Datasets.mtcars());

        // scipy.stats.spearmanr, ties at their average rank, p from t with n - 2 df (reference.py).
        assertRelative(correlation(result, "mpg", "hp", "correlation"), -0.8946646457499626, 1e-12);
        assertRelative(correlation(result, "mpg", "hp", "p_value"), 5.085969430924425e-12, 1e-5);
        assertRelative(correlation(result, "mpg", "wt", "correlation"), -0.8864220332702978, 1e-12);
        assertRelative(correlation(result, "hp", "wt", "correlation"), 0.7746767333913837, 1e-12);
        assertRelative(correlation(result, "hp", "wt", "p_value"), 1.9537954945780545e-07, 1e-6);
    }

    @Test
    void correlationOfAConstantColumnIsUnsuitable() {
        var rows = Datasets.table(
                List.of("a", "b"),
                List.of("float8", "float8"),
                List.of(Datasets.row(1.0, 5.0), Datasets.row(2.0, 5.0), Datasets.row(3.0, 5.0)));

        assertThatThrownBy(() -> engine.run(new CorrelationMatrix(List.of("a", "b"), Coefficient.PEARSON), rows))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("b has the same value in every row");
    }

    @Test
    void iqrOutliersMatchNumpyQuartiles() {
        AnalysisResult result = engine.run(new OutlierDetection("hp", Rule.IQR, 0), Datasets.mtcars());

        // numpy percentile (linear): q1 = 96.5, q3 = 180, fences -28.75 and 305.25; only 335 is beyond.
        assertThat(statistic(result, "lower_bound")).isEqualTo(-28.75);
        assertThat(statistic(result, "upper_bound")).isEqualTo(305.25);
        assertThat(statistic(result, "outliers")).isEqualTo(1);
        assertThat(statistic(result, "threshold")).isEqualTo(1.5);
        assertThat(result.table().rows()).hasSize(1);
        var outlier = result.table().rows().getFirst();
        // Row 31 of the result (Maserati Bora), listed whole.
        assertThat(outlier.get(0)).isEqualTo(31L);
        assertThat(outlier.get(position(result.table(), "hp"))).isEqualTo(335L);
        assertThat(outlier.get(position(result.table(), "side"))).isEqualTo("high");
        assertThat(result.findings().getFirst())
                .isEqualTo("1 of 32 values of hp (3.1%) are outliers, more than 1.5 interquartile ranges beyond the"
                        + " quartiles: below -28.8 or above 305.");
    }

    @Test
    void zScoreOutliersMatchNumpy() {
        AnalysisResult result = engine.run(new OutlierDetection("hp", Rule.Z_SCORE, 2), Datasets.mtcars());

        // numpy: mean 146.6875, std(ddof=1) 68.5628..., so the bounds are mean ± 2 sd; only 335 (z = 2.7466).
        assertRelative(statistic(result, "lower_bound"), 9.561763021358814, 1e-12);
        assertRelative(statistic(result, "upper_bound"), 283.81323697864116, 1e-12);
        assertThat(statistic(result, "outliers")).isEqualTo(1);
        assertRelative(
                ((Number) result.table().rows().getFirst().get(position(result.table(), "z_score"))).doubleValue(),
                2.7465668247140465,
                1e-12);
        // The convention for z-scores is 3 standard deviations: nothing in hp is that far out.
        assertThat(statistic(engine.run(new OutlierDetection("hp", Rule.Z_SCORE, 0), Datasets.mtcars()), "outliers"))
                .isZero();
    }

    private static double correlation(AnalysisResult result, String a, String b, String column) {
        int value = position(result.table(), column);
        return result.table().rows().stream()
                .filter(r -> r.get(0).equals(a) && r.get(1).equals(b))
                .map(r -> ((Number) r.get(value)).doubleValue())
                .findFirst()
                .orElseThrow();
    }
}
