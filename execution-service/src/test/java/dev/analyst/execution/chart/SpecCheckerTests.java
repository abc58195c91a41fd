package dev.analyst.execution.chart;

import static dev.analyst.execution.chart.FigureBuilderTests.row;
import static dev.analyst.execution.chart.FigureBuilderTests.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.step.StepError;
import dev.analyst.execution.analysis.AnalysisFailed;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Specs that do not fit their result fail in a class the agent can correct. */
class SpecCheckerTests {

    private static final ResultTable RESULT = table(
            "region:text, amount:numeric, sold_on:date, Amount:int8",
            row("north", new BigDecimal("1.5"), "2024-01-01", 1L));

    @Test
    void rejectsAColumnTheResultDoesNotHave() {
        assertRejected(spec("bar", "regoin", List.of("amount"), null, "none"), StepError.UNKNOWN_OBJECT)
                .hasMessageContaining("\"regoin\"")
                .hasMessageContaining("region, amount, sold_on, Amount");
        assertRejected(spec("line", "sold_on", List.of("amount"), "channel", "none"), StepError.UNKNOWN_OBJECT)
                .hasMessageContaining("series column \"channel\"");
    }

    @Test
    void rejectsANonNumericMeasureUnlessItIsCounted() {
        assertRejected(spec("bar", "sold_on", List.of("region"), null, "sum"), StepError.TYPE_MISMATCH)
                .hasMessageContaining("region is not numeric (text)");
        assertThat(SpecChecker.check(spec("bar", "sold_on", List.of("region"), null, "count"), RESULT)
                        .measures())
                .extracting(CheckedSpec.ChartColumn::name)
                .containsExactly("region");
        assertRejected(spec("histogram", "region", List.of(), null, "none"), StepError.TYPE_MISMATCH)
                .hasMessageContaining("bins numbers");
    }

    @Test
    void rejectsUnknownTypesAggregationsAndMissingAxesBeforeAnyQuery() {
        assertThatThrownBy(() -> SpecChecker.checkShape(spec("donut", "region", List.of("amount"), null, "none")))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(StepError.UNKNOWN_OBJECT))
                .hasMessageContaining("Unknown chart type \"donut\"")
                .hasMessageContaining("grouped_bar");
        assertThatThrownBy(() -> SpecChecker.checkShape(spec("bar", "region", List.of("amount"), null, "median")))
                .hasMessageContaining("Unknown aggregation \"median\"");
        assertThatThrownBy(() -> SpecChecker.checkShape(spec("pie", "", List.of("amount"), null, "none")))
                .hasMessageContaining("needs an x column");
        assertThatThrownBy(() -> SpecChecker.checkShape(spec("number", "", List.of(), null, "none")))
                .hasMessageContaining("needs a measure column");
    }

    @Test
    void matchesExactlyFirstThenIgnoringCase() {
        CheckedSpec exact = SpecChecker.check(spec("bar", "region", List.of("Amount"), null, "none"), RESULT);
        CheckedSpec folded = SpecChecker.check(spec("bar", "REGION", List.of("amount"), null, "none"), RESULT);

        assertThat(exact.measures().getFirst().index()).isEqualTo(3);
        assertThat(folded.x()).isNotNull().satisfies(x -> assertThat(x.name()).isEqualTo("region"));
        assertRejected(spec("bar", "region", List.of("AMOUNT"), null, "none"), StepError.UNKNOWN_OBJECT)
                .hasMessageContaining("2 columns called \"AMOUNT\"");
    }

    @Test
    void readsAxisKindsFromColumnTypes() {
        CheckedSpec checked =
                SpecChecker.check(spec("scatter", "sold_on", List.of("amount"), "region", "none"), RESULT);

        assertThat(checked.xKind()).isEqualTo(AxisKind.TIME);
        assertThat(checked.seriesKind()).isEqualTo(AxisKind.CATEGORY);
        assertThat(checked.measures().getFirst().kind()).isEqualTo(AxisKind.NUMBER);
        assertThat(AxisKind.of("my_money_domain", java.util.Arrays.asList(1L, null)))
                .isEqualTo(AxisKind.NUMBER);
        assertThat(AxisKind.of("text", List.of("1"))).isEqualTo(AxisKind.CATEGORY);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            ChartSpec spec, StepError error) {
        return assertThatThrownBy(() -> SpecChecker.check(spec, RESULT))
                .isInstanceOfSatisfying(
                        AnalysisFailed.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    private static ChartSpec spec(String type, String x, List<String> y, @Nullable String series, String aggregation) {
        return new ChartSpec(type, "t", x, y, "", "", series, aggregation);
    }
}
