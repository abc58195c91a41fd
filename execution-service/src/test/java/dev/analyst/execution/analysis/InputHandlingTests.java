package dev.analyst.execution.analysis;

import static dev.analyst.execution.analysis.Datasets.assertRelative;
import static dev.analyst.execution.analysis.Datasets.row;
import static dev.analyst.execution.analysis.Datasets.statistic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.analysis.CorrelationMatrix;
import dev.analyst.contracts.analysis.CorrelationMatrix.Coefficient;
import dev.analyst.contracts.analysis.Describe;
import dev.analyst.contracts.analysis.KMeansClustering;
import dev.analyst.contracts.analysis.LinearRegression;
import dev.analyst.contracts.analysis.TTest;
import dev.analyst.contracts.step.StepError;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class InputHandlingTests {

    private final AnalysisEngine engine = new AnalysisEngine();

    @Test
    void aMissingColumnIsAnUnknownObjectNamingTheColumnsThatExist() {
        assertThatThrownBy(() -> engine.run(new LinearRegression("mpg", List.of("horsepower")), Datasets.mtcars()))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNKNOWN_OBJECT))
                .hasMessage("The rows have no column \"horsepower\"; the columns are mpg, cyl, hp, wt, am,"
                        + " transmission.");
    }

    @Test
    void textWhereNumbersAreNeededIsATypeMismatch() {
        assertThatThrownBy(() -> engine.run(
                        new CorrelationMatrix(List.of("mpg", "transmission"), Coefficient.PEARSON), Datasets.mtcars()))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.TYPE_MISMATCH))
                .hasMessageContaining("transmission");
    }

    @Test
    void rowsWithNullsInTheUsedColumnsAreDroppedAndSaidSo() {
        ResultTable withNulls = Datasets.with(
                Datasets.mtcars(),
                List.of(row(null, 4L, 100L, null, true, "manual"), row(25.0, 4L, null, null, null, null)),
                false);

        AnalysisResult result = engine.run(new LinearRegression("mpg", List.of("hp", "wt")), withNulls);

        // The same fit as on the 32 complete rows (numpy, reference.py).
        assertRelative(Datasets.cell(result, "wt", "coefficient"), -3.8778307424046781, 1e-9);
        assertThat(statistic(result, "n")).isEqualTo(32);
        assertThat(result.findings()).last().isEqualTo("2 rows with a missing value in mpg, hp and wt were left out.");
        // A null only in a column the analysis does not use costs no row.
        ResultTable nullText = Datasets.with(Datasets.mtcars(), List.of(row(25.0, 4L, 100L, null, true, null)), false);
        AnalysisResult test = engine.run(new TTest("mpg", "am"), nullText);
        assertThat(statistic(test, "n")).isEqualTo(33);
        assertThat(test.findings()).noneMatch(f -> f.contains("left out"));
    }

    @Test
    void describeCountsMissingValuesPerColumn() {
        ResultTable withNulls = Datasets.with(Datasets.mtcars(), List.of(row(null, 4L, 100L, null, true, null)), false);

        AnalysisResult result = engine.run(new Describe(List.of("mpg", "hp", "transmission")), withNulls);

        assertThat(Datasets.cell(result, "mpg", "missing")).isEqualTo(1);
        assertThat(Datasets.cell(result, "hp", "missing")).isZero();
        assertThat(Datasets.cell(result, "hp", "count")).isEqualTo(33);
        assertThat(result.findings()).contains("mpg has the most missing values: 1 of 33 rows (3.0%).");
    }

    @Test
    void aTruncatedResultIsSaidToCoverOnlyTheFirstRows() {
        ResultTable truncated =
                new ResultTable(Datasets.mtcars().columns(), Datasets.mtcars().rows(), true);

        AnalysisResult result = engine.run(new TTest("mpg", "am"), truncated);

        assertThat(result.findings())
                .last()
                .isEqualTo("The analysis covers only the first 32 rows, where the query returned more.");
    }

    @Test
    void everyStatisticIsFiniteAndTheTableUsesPostgresTypes() {
        AnalysisResult result = engine.run(new TTest("mpg", "am"), Datasets.mtcars());

        assertThat(result.statistics().values()).allMatch(Double::isFinite);
        assertThat(result.statistics()).containsKey("n");
        assertThat(result.table().columns())
                .extracting(c -> c.type())
                .allMatch(type -> List.of("text", "float8", "int8").contains(type));
        assertThat(result.findings()).hasSizeBetween(1, 4);
    }

    @Test
    void clusteringAHundredThousandRowsStaysFast() {
        var random = new Random(3);
        var rows = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 100_000; i++) {
            int group = i % 3;
            rows.add(row(
                    group * 5 + random.nextGaussian(), (long) (group * 50 + random.nextInt(10)), random.nextDouble()));
        }
        ResultTable table = Datasets.table(List.of("a", "b", "c"), List.of("float8", "int8", "float8"), rows);

        long started = System.nanoTime();
        AnalysisResult result = engine.run(new KMeansClustering(List.of("a", "b", "c"), 0), table);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(statistic(result, "n")).isEqualTo(100_000);
        // A generous bound for a shared two-core machine; it takes a few seconds at most.
        assertThat(millis).isLessThan(60_000);
    }
}
