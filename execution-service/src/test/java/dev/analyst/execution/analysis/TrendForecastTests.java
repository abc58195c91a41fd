package dev.analyst.execution.analysis;

import static dev.analyst.execution.analysis.Datasets.assertRelative;
import static dev.analyst.execution.analysis.Datasets.row;
import static dev.analyst.execution.analysis.Datasets.statistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.TrendForecast;
import dev.analyst.contracts.step.StepError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TrendForecastTests {

    // 200 + 3.2 t + normal noise (sd 5, numpy seed 7), rounded and written out: 24 months from 2022-01.
    private static final double[] SALES = {
        200.0, 204.7, 205.0, 205.1, 210.5, 211.0, 219.5, 229.1, 223.1, 225.7, 234.4, 237.0,
        238.9, 236.9, 244.7, 251.5, 244.5, 252.1, 248.1, 254.4, 254.8, 266.0, 264.1, 275.0
    };

    private final AnalysisEngine engine = new AnalysisEngine();

    @Test
    void monthlyTrendAndPredictionIntervalsMatchScipy() {
        AnalysisResult result = engine.run(new TrendForecast("month", "sales", 0), monthly(true));

        // scipy.stats.linregress on the period index; intervals by the textbook formula with
        // scipy.stats.t.ppf(0.975, n - 2) (reference.py).
        assertRelative(statistic(result, "slope"), 3.007608695652175, 1e-12);
        assertRelative(statistic(result, "intercept"), 200.25, 1e-12);
        assertRelative(statistic(result, "r_squared"), 0.9689536591004353, 1e-12);
        assertRelative(statistic(result, "p_value"), 4.407378336916581e-18, 1e-5);
        assertThat(statistic(result, "horizon")).isEqualTo(6);
        double[] forecast = {
            272.4326086956522,
            275.4402173913044,
            278.4478260869565,
            281.45543478260873,
            284.4630434782609,
            287.4706521739131
        };
        double[] lower = {
            263.67305598918193,
            266.5969727899781,
            269.5153286478909,
            272.4282885072061,
            275.3360202387435,
            278.2386935241769
        };
        double[] upper = {
            281.1921614021225,
            284.28346199263063,
            287.38032352602215,
            290.48258105801136,
            293.59006671777826,
            296.7026108236493
        };
        List<List<@Nullable Object>> rows = result.table().rows();
        assertThat(rows).hasSize(30);
        // Shuffled input comes out in time order, the future on the first of the next months.
        assertThat(rows.getFirst().get(0)).isEqualTo("2022-01-01");
        assertThat(rows.get(23).subList(0, 2)).containsExactly("2023-12-01", 275.0);
        assertThat(rows.get(23).subList(3, 5)).containsOnlyNulls();
        assertRelative((Double) rows.get(23).get(2), 200.25 + 23 * 3.007608695652175, 1e-12);
        for (int h = 0; h < 6; h++) {
            List<@Nullable Object> future = rows.get(24 + h);
            assertThat(future.get(0)).isEqualTo(LocalDate.of(2024, 1 + h, 1).toString());
            assertThat(future.get(1)).isNull();
            assertRelative((Double) future.get(2), forecast[h], 1e-12);
            assertRelative((Double) future.get(3), lower[h], 1e-10);
            assertRelative((Double) future.get(4), upper[h], 1e-10);
        }
        assertThat(result.findings())
                .containsExactly(
                        "sales rises by 3.01 per month on average (R² = 0.969, p < 0.001, n = 24): the trend is"
                                + " statistically significant at the 5% level.",
                        "If it continues, sales will be about 287 at 2024-06-01, 6 months ahead (95% prediction"
                                + " interval 278 to 297).");
        assertThat(result.chart().type()).isEqualTo("line");
        assertThat(result.chart().y()).containsExactly("sales", "trend", "lower", "upper");
    }

    @Test
    void yearsAsNumbersContinueYearByYear() {
        var data = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 10; i++) {
            data.add(row(2010L + i, SALES[i]));
        }
        AnalysisResult result = engine.run(
                new TrendForecast("year", "sales", 2),
                Datasets.table(List.of("year", "sales"), List.of("int8", "float8"), data));

        // scipy.stats.linregress(range(10), SALES[:10]).slope = 3.1775757575757577.
        assertRelative(statistic(result, "slope"), 3.1775757575757577, 1e-12);
        assertThat(result.table().rows()).extracting(r -> r.get(0)).endsWith(2019L, 2020L, 2021L);
        assertThat(result.findings().getFirst()).contains("per year");
    }

    @Test
    void textThatIsNoTimeIsATypeMismatch() {
        var data = List.<List<@Nullable Object>>of(row("soon", 1.0), row("later", 2.0), row("never", 4.0));

        assertThatThrownBy(() -> engine.run(
                        new TrendForecast("when", "v", 3),
                        Datasets.table(List.of("when", "v"), List.of("text", "float8"), data)))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.TYPE_MISMATCH))
                .hasMessageContaining("needs dates");
    }

    @Test
    void tooFewRowsAreUnsuitable() {
        ResultTable two = monthly(false);
        ResultTable cut = new ResultTable(two.columns(), two.rows().subList(0, 2), false);

        assertThatThrownBy(() -> engine.run(new TrendForecast("month", "sales", 3), cut))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNSUITABLE_DATA))
                .hasMessageContaining("at least 3 rows");
    }

    private static ResultTable monthly(boolean shuffled) {
        var data = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < SALES.length; i++) {
            // Every other month first, so the analysis has to sort them.
            int month = shuffled ? (i * 7) % SALES.length : i;
            data.add(row(LocalDate.of(2022, 1, 1).plusMonths(month).toString(), SALES[month]));
        }
        return Datasets.table(List.of("month", "sales"), List.of("date", "float8"), data);
    }
}
