package dev.analyst.execution.analysis;

import static dev.analyst.execution.analysis.Datasets.assertRelative;
import static dev.analyst.execution.analysis.Datasets.cell;
import static dev.analyst.execution.analysis.Datasets.statistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.Anova;
import dev.analyst.contracts.analysis.ChiSquareTest;
import dev.analyst.contracts.analysis.TTest;
import dev.analyst.contracts.step.StepError;
import org.junit.jupiter.api.Test;

class GroupComparisonTests {

    private final AnalysisEngine engine = new AnalysisEngine();

    @Test
    void welchTTestMatchesScipy() {
        AnalysisResult result = engine.run(new TTest("mpg", "am"), Datasets.mtcars());

        // scipy.stats.ttest_ind(automatic, manual, equal_var=False) and its confidence_interval;
        // R's t.test prints t = -3.7671, df = 18.332, p-value = 0.001374.
        assertRelative(statistic(result, "t"), -3.767123145144923, 1e-10);
        assertRelative(statistic(result, "df"), 18.332251638400464, 1e-10);
        assertRelative(statistic(result, "p_value"), 1.3736383330710362e-03, 1e-7);
        assertRelative(statistic(result, "mean_difference"), -7.244939271255056, 1e-12);
        assertRelative(statistic(result, "ci_lower"), -11.280194355040159, 1e-8);
        assertRelative(statistic(result, "ci_upper"), -3.2096841874699544, 1e-8);
        assertThat(cell(result, "false", "n")).isEqualTo(19);
        assertRelative(cell(result, "false", "std"), 3.833966385561307, 1e-12);
        assertRelative(cell(result, "true", "std"), 6.166503809353338, 1e-12);
        assertThat(result.findings())
                .containsExactly(
                        "The mean of mpg is 7.24 lower for am = false (17.1, n = 19) than for am = true (24.4, n = 13).",
                        "The difference is statistically significant at the 5% level (Welch's t = -3.77, df = 18.3,"
                                + " p = 0.0014; 95% confidence interval -11.3 to -3.21).");
        assertThat(result.chart().type()).isEqualTo("bar");
    }

    @Test
    void tTestNeedsExactlyTwoGroups() {
        assertThatThrownBy(() -> engine.run(new TTest("mpg", "cyl"), Datasets.mtcars()))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("exactly two groups");
        var manualOnly = new dev.analyst.contracts.ResultTable(
                Datasets.mtcars().columns(),
                Datasets.mtcars().rows().stream()
                        .filter(r -> r.get(4).equals(true))
                        .toList(),
                false);
        assertThatThrownBy(() -> engine.run(new TTest("mpg", "am"), manualOnly))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("only true");
    }

    @Test
    void anovaMatchesScipy() {
        AnalysisResult result = engine.run(new Anova("mpg", "cyl"), Datasets.mtcars());

        // scipy.stats.f_oneway; eta squared from numpy sums of squares (reference.py).
        assertRelative(statistic(result, "f_statistic"), 39.697515255869035, 1e-10);
        assertRelative(statistic(result, "p_value"), 4.9789191744002028e-09, 1e-6);
        assertRelative(statistic(result, "eta_squared"), 0.7324600596255229, 1e-10);
        assertThat(statistic(result, "df_between")).isEqualTo(2);
        assertThat(statistic(result, "df_within")).isEqualTo(29);
        // Groups in numeric order, as labels without trailing zeros.
        assertThat(result.table().rows()).extracting(r -> r.get(0)).containsExactly("4", "6", "8");
        assertRelative(cell(result, "4", "mean"), 26.66363636363636, 1e-12);
        assertRelative(cell(result, "6", "std"), 1.453567041060419, 1e-12);
        assertRelative(cell(result, "8", "std"), 2.5600480764716416, 1e-12);
    }

    @Test
    void chiSquareMatchesScipyAndWarnsOfSmallExpectedCounts() {
        AnalysisResult result = engine.run(new ChiSquareTest("cyl", "am"), Datasets.mtcars());

        // scipy.stats.chi2_contingency(correction=False); R's chisq.test prints X-squared = 8.7407, p = 0.01265.
        assertRelative(statistic(result, "chi_square"), 8.740732951259268, 1e-12);
        assertRelative(statistic(result, "p_value"), 0.01264660504610728, 1e-8);
        assertThat(statistic(result, "dof")).isEqualTo(2);
        assertRelative(statistic(result, "cramers_v"), 0.5226355371832766, 1e-12);
        assertRelative(statistic(result, "min_expected"), 2.84375, 1e-12);
        assertThat(result.table().rows())
                .containsExactly(
                        Datasets.row("4", "false", 3L, 6.53125),
                        Datasets.row("4", "true", 8L, 4.46875),
                        Datasets.row("6", "false", 4L, 4.15625),
                        Datasets.row("6", "true", 3L, 2.84375),
                        Datasets.row("8", "false", 12L, 8.3125),
                        Datasets.row("8", "true", 2L, 5.6875));
        assertThat(result.findings())
                .contains("3 of the 6 cells expect fewer than 5 rows (the smallest 2.84), so the p-value is only"
                        + " approximate.");
        assertThat(result.chart().series()).isEqualTo("am");
    }

    @Test
    void chiSquareOfASingleValueIsUnsuitable() {
        assertThatThrownBy(() -> engine.run(
                        new ChiSquareTest("cyl", "am"),
                        new dev.analyst.contracts.ResultTable(
                                Datasets.mtcars().columns(),
                                Datasets.mtcars().rows().subList(0, 2),
                                false)))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA));
    }

    @Test
    void groupsMustBeCategoriesAndValuesNumbers() {
        assertThatThrownBy(() -> engine.run(new Anova("transmission", "cyl"), Datasets.mtcars()))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.TYPE_MISMATCH))
                .hasMessageContaining("\"transmission\" holds text such as \"manual\"");
        assertThat(engine.run(new Anova("mpg", "transmission"), Datasets.mtcars())
                        .statistics())
                .containsEntry("groups", 2.0);
    }
}
