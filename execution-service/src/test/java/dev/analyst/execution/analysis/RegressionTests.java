package dev.analyst.execution.analysis;

import static dev.analyst.execution.analysis.Datasets.assertRelative;
import static dev.analyst.execution.analysis.Datasets.cell;
import static dev.analyst.execution.analysis.Datasets.row;
import static dev.analyst.execution.analysis.Datasets.statistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.analysis.LogisticRegression;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RegressionTests {

    private static final List<String> LONGLEY_TERMS =
            List.of("(intercept)", "gnp_deflator", "gnp", "unemployed", "armed_forces", "population", "year");

    private final AnalysisEngine engine = new AnalysisEngine();

    @Test
    void longleyMatchesNistCertifiedValues() {
        AnalysisResult result =
                engine.run(new LinearRegression("employed", LONGLEY_TERMS.subList(1, 7)), Datasets.longley());

        // NIST StRD Longley, certified to 15 digits; numpy lstsq agrees to 1e-11 (reference.py).
        double[] beta = {
            -3482258.63459582,
            15.0618722713733,
            -0.358191792925910E-01,
            -2.02022980381683,
            -1.03322686717359,
            -0.511041056535807E-01,
            1829.15146461355
        };
        double[] se = {
            890420.383607373,
            84.9149257747669,
            0.334910077722432E-01,
            0.488399681651699,
            0.214274163161675,
            0.226073200069370,
            455.478499142212
        };
        // scipy.stats.t.sf on the certified t values, 9 degrees of freedom.
        double[] p = {
            0.00356040372494145,
            0.8631408328277042,
            0.3126810619932275,
            0.00253509176631529,
            0.00094436676981605,
            0.8262117958523096,
            0.00303680339466611
        };
        // Longley is ill-conditioned (condition number ~1e9 unscaled): NIST expects 7 or more digits.
        for (int j = 0; j < beta.length; j++) {
            assertRelative(cell(result, LONGLEY_TERMS.get(j), "coefficient"), beta[j], 1e-8);
            assertRelative(cell(result, LONGLEY_TERMS.get(j), "std_error"), se[j], 1e-8);
            assertRelative(cell(result, LONGLEY_TERMS.get(j), "p_value"), p[j], 1e-6);
        }
        assertRelative(statistic(result, "r_squared"), 0.995479004577296, 1e-10);
        assertRelative(statistic(result, "adj_r_squared"), 0.9924650076288255, 1e-10);
        assertRelative(statistic(result, "f_statistic"), 330.285339234588, 1e-8);
        assertRelative(statistic(result, "residual_std_error"), 304.854073561965, 1e-8);
        // scipy.stats.f.sf(330.285..., 6, 9); 1 - cdf loses relative digits this far in the tail.
        assertThat(statistic(result, "f_p_value")).isCloseTo(4.984030528726163e-10, within(1e-14));
        assertThat(statistic(result, "n")).isEqualTo(16);
        assertThat(statistic(result, "df_residual")).isEqualTo(9);
        assertThat(result.table().columns())
                .extracting(c -> c.name() + ":" + c.type())
                .containsExactly(
                        "term:text", "coefficient:float8", "std_error:float8", "t_value:float8", "p_value:float8");
        assertThat(result.chart().type()).isEqualTo("bar");
        assertThat(result.findings().getFirst()).contains("100% of the variation in employed", "R² = 0.995", "n = 16");
    }

    @Test
    void norrisMatchesNistCertifiedValues() {
        AnalysisResult result = engine.run(new LinearRegression("y", List.of("x")), Datasets.norris());

        // NIST StRD Norris, certified values.
        assertRelative(cell(result, "(intercept)", "coefficient"), -0.262323073774029, 1e-9);
        assertRelative(cell(result, "(intercept)", "std_error"), 0.232818234301152, 1e-9);
        assertRelative(cell(result, "x", "coefficient"), 1.00211681802045, 1e-12);
        assertRelative(cell(result, "x", "std_error"), 0.429796848199937E-03, 1e-9);
        assertRelative(statistic(result, "r_squared"), 0.999993745883712, 1e-12);
        assertRelative(statistic(result, "residual_std_error"), 0.884796396144373, 1e-9);
        assertRelative(statistic(result, "f_statistic"), 5436385.54079785, 1e-8);
    }

    @Test
    void mtcarsMileageOnHorsepowerAndWeight() {
        AnalysisResult result = engine.run(new LinearRegression("mpg", List.of("hp", "wt")), Datasets.mtcars());

        // numpy lstsq with scipy.stats t and F (reference.py); R's lm gives the same to its printed digits.
        assertRelative(cell(result, "(intercept)", "coefficient"), 37.227270116447215, 1e-9);
        assertRelative(cell(result, "hp", "coefficient"), -0.031772946982163042, 1e-9);
        assertRelative(cell(result, "wt", "coefficient"), -3.8778307424046781, 1e-9);
        assertRelative(cell(result, "hp", "std_error"), 0.0090297096758557, 1e-9);
        assertRelative(cell(result, "wt", "std_error"), 0.6327334943773913, 1e-9);
        assertRelative(cell(result, "hp", "p_value"), 1.4512285315685218e-03, 1e-6);
        assertRelative(cell(result, "wt", "p_value"), 1.1196471361999393e-06, 1e-6);
        assertRelative(statistic(result, "r_squared"), 0.8267854518827915, 1e-10);
        assertRelative(statistic(result, "adj_r_squared"), 0.8148396209781564, 1e-10);
        assertRelative(statistic(result, "f_statistic"), 69.21121339177779, 1e-9);
        assertThat(statistic(result, "f_p_value")).isCloseTo(9.109054385221851e-12, within(1e-15));
        assertThat(result.findings())
                .first()
                .isEqualTo("hp and wt explain 83% of the variation in mpg (R² = 0.827, n = 32); the model is"
                        + " statistically significant at the 5% level (F = 69.2, p < 0.001).");
        assertThat(result.findings().get(1))
                .isEqualTo("Each additional unit of wt goes with 3.88 less in mpg, the other predictors held fixed"
                        + " (p < 0.001), statistically significant at the 5% level.");
    }

    @Test
    void logisticRegressionMatchesNewtonRaphsonInNumpy() {
        AnalysisResult result = engine.run(new LogisticRegression("am", List.of("hp", "wt"), null), Datasets.mtcars());

        // numpy Newton-Raphson to a step below 1e-12, cross-checked with scipy.optimize (reference.py);
        // R's glm prints 18.86630, 0.03626, -8.08348. Both fits are iterative: 1e-7 relative.
        assertRelative(cell(result, "(intercept)", "coefficient"), 18.866298717204156, 1e-7);
        assertRelative(cell(result, "hp", "coefficient"), 0.0362555960822166, 1e-7);
        assertRelative(cell(result, "wt", "coefficient"), -8.08347518244465, 1e-7);
        assertRelative(cell(result, "(intercept)", "std_error"), 7.443558427981866, 1e-7);
        assertRelative(cell(result, "hp", "std_error"), 0.0177341543319472, 1e-7);
        assertRelative(cell(result, "wt", "std_error"), 3.0686752753906505, 1e-7);
        assertRelative(cell(result, "hp", "z_value"), 2.044393851749894, 1e-7);
        assertRelative(cell(result, "(intercept)", "p_value"), 0.0112582027407645, 1e-6);
        assertRelative(cell(result, "hp", "p_value"), 0.04091465421038615, 1e-6);
        assertRelative(cell(result, "wt", "p_value"), 0.00843381606129234, 1e-6);
        assertRelative(cell(result, "wt", "odds_ratio"), 3.085967398404689e-04, 1e-6);
        assertRelative(statistic(result, "log_likelihood"), -5.0295552361334925, 1e-9);
        assertRelative(statistic(result, "null_log_likelihood"), -21.6148666384289, 1e-12);
        assertRelative(statistic(result, "pseudo_r_squared"), 0.7673103739075824, 1e-9);
        assertRelative(statistic(result, "lr_statistic"), 33.17062280459081, 1e-9);
        assertRelative(statistic(result, "lr_p_value"), 6.267448547838353e-08, 1e-6);
        assertThat(statistic(result, "iterations")).isBetween(3.0, 30.0);
        assertThat(statistic(result, "n")).isEqualTo(32);
        // The boolean target counts true as the outcome.
        assertThat(result.title()).isEqualTo("Logistic regression of am = true");
    }

    @Test
    void logisticTargetOfTextTakesTheLaterValueOrTheOneAsked() {
        AnalysisResult later =
                engine.run(new LogisticRegression("transmission", List.of("hp", "wt"), null), Datasets.mtcars());
        AnalysisResult asked =
                engine.run(new LogisticRegression("transmission", List.of("hp", "wt"), "automatic"), Datasets.mtcars());

        // "manual" sorts after "automatic": the same model as am = true; asking for automatic flips signs.
        assertThat(later.title()).endsWith("transmission = manual");
        assertRelative(cell(later, "wt", "coefficient"), -8.08347518244465, 1e-7);
        assertRelative(cell(asked, "wt", "coefficient"), 8.08347518244465, 1e-7);
        assertThatThrownBy(() -> engine.run(
                        new LogisticRegression("transmission", List.of("hp"), "electric"), Datasets.mtcars()))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("electric");
    }

    @Test
    void logisticRefusesPerfectSeparationAndTargetsWithOtherThanTwoValues() {
        var rows = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 20; i++) {
            rows.add(row((long) i, i >= 10));
        }
        ResultTable separated = Datasets.table(List.of("x", "y"), List.of("int8", "bool"), rows);

        assertThatThrownBy(() -> engine.run(new LogisticRegression("y", List.of("x"), null), separated))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("separate");
        assertThatThrownBy(() -> engine.run(new LogisticRegression("cyl", List.of("hp"), null), Datasets.mtcars()))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("exactly two values");
    }

    @Test
    void collinearOrConstantPredictorsAndTooFewRowsAreUnsuitable() {
        var rows = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 10; i++) {
            rows.add(row((double) i * i, (long) i, 2.0 * i + 1, 7L));
        }
        ResultTable table =
                Datasets.table(List.of("y", "a", "b", "c"), List.of("float8", "int8", "float8", "int8"), rows);

        assertThatThrownBy(() -> engine.run(new LinearRegression("y", List.of("a", "b")), table))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("b is an exact linear combination of a");
        assertThatThrownBy(() -> engine.run(new LinearRegression("y", List.of("c")), table))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("same value in every row");
        ResultTable three = new ResultTable(table.columns(), table.rows().subList(0, 3), false);
        assertThatThrownBy(() -> engine.run(new LinearRegression("y", List.of("a", "b")), three))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("needs more than 3 complete rows");
        assertThatThrownBy(() -> engine.run(new LinearRegression("y", List.of("a", "y")), table))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("y cannot predict itself");
    }
}
