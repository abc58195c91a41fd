package dev.analyst.execution.chart;

import static dev.analyst.execution.chart.FigureBuilderTests.row;
import static dev.analyst.execution.chart.FigureBuilderTests.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import dev.analyst.execution.chart.DatabaseReducer.Grid;
import dev.analyst.execution.sql.SqlValidator;
import dev.analyst.execution.sql.ValidatedSql;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The SQL that reduces large results: shaped as the figure reads it, and accepted by the validator. */
class DatabaseReducerTests {

    private static final SqlValidator validator = new SqlValidator();

    private static final ResultTable RESULT = table(
            "region:text, amount:numeric, sold_on:date, \"odd\" name:int8",
            row("north", BigDecimal.ONE, "2024-01-01", 1L));

    private static final ValidatedSql STEP =
            validator.validate("SELECT * FROM sales -- every sale\n WHERE amount > 0;", "warehouse_acme");

    @AfterAll
    static void closeValidator() {
        validator.close();
    }

    @Test
    void nestsTheStepsSqlWithoutItsCommentsOrSemicolon() {
        assertThat(DatabaseReducer.inner(STEP)).isEqualTo("SELECT * FROM sales WHERE amount > 0");
    }

    @Test
    void groupsCategoriesLargestFirstAndTimesInOrder() {
        String inner = DatabaseReducer.inner(STEP);

        assertThat(DatabaseReducer.grouped(
                        inner, check("bar", "region", List.of("amount"), "sold_on", "sum"), "sum", 10))
                .isEqualTo("SELECT r.\"region\", r.\"sold_on\", sum(r.\"amount\"), count(*) OVER (),"
                        + " sum(count(*)) OVER () FROM (SELECT * FROM sales WHERE amount > 0) AS r GROUP BY 1, 2"
                        + " ORDER BY 3 DESC NULLS LAST LIMIT 10");
        assertThat(DatabaseReducer.grouped(
                        inner, check("line", "sold_on", List.of("amount"), null, "none"), "mean", 10))
                .contains("avg(r.\"amount\")")
                .contains("GROUP BY 1 ORDER BY 1 LIMIT 10");
        assertThat(DatabaseReducer.grouped(inner, check("number", "", List.of("amount"), null, "max"), "max", 1))
                .doesNotContain("GROUP BY")
                .doesNotContain("ORDER BY");
    }

    @Test
    void quotesColumnNamesSoTheyCannotAddSql() {
        CheckedSpec spec = check("bar", "region", List.of("\"odd\" name"), null, "sum");

        assertThat(DatabaseReducer.grouped("SELECT 1", spec, "sum", 5)).contains("sum(r.\"\"\"odd\"\" name\")");
    }

    @Test
    void writesOnlySqlTheValidatorAccepts() {
        String inner = DatabaseReducer.inner(STEP);
        CheckedSpec bars = check("grouped_bar", "region", List.of("amount", "\"odd\" name"), "sold_on", "none");
        CheckedSpec histogram = check("histogram", "amount", List.of(), null, "none");
        CheckedSpec box = check("box", "region", List.of("amount"), null, "none");
        CheckedSpec oneBox = check("box", "", List.of("amount"), null, "none");
        CheckedSpec scatter = check("scatter", "amount", List.of("\"odd\" name"), "region", "none");
        CheckedSpec.ChartColumn histogramX = Objects.requireNonNull(histogram.x());

        for (String sql : List.of(
                DatabaseReducer.grouped(inner, bars, "sum", 5_000),
                DatabaseReducer.sample(inner, scatter, 5_000),
                DatabaseReducer.bounds(inner, histogramX),
                DatabaseReducer.bins(inner, histogramX, new Grid(new BigDecimal("-2.5"), new BigDecimal("2.5"), 4)),
                DatabaseReducer.boxes(inner, box, 50),
                DatabaseReducer.boxes(inner, oneBox, 50),
                DatabaseReducer.count(inner))) {
            assertThatCode(() -> validator.validate(sql, "warehouse_acme"))
                    .as(sql)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void roundsBinWidthsToReadableSteps() {
        assertGrid(Grid.of(new BigDecimal("0.3"), new BigDecimal("99.2"), false), "0", "2.5", 40);
        assertGrid(Grid.of(new BigDecimal("-13"), new BigDecimal("1013"), false), "-50", "50", 22);
        // Whole numbers get whole widths, centred on them.
        assertGrid(Grid.of(new BigDecimal("18"), new BigDecimal("30"), true), "17.5", "1", 13);
        assertGrid(Grid.of(new BigDecimal("7"), new BigDecimal("7"), true), "6.5", "1", 1);
    }

    private static void assertGrid(Grid grid, String start, String width, int bins) {
        assertThat(grid.start()).isEqualByComparingTo(start);
        assertThat(grid.width()).isEqualByComparingTo(width);
        assertThat(grid.bins()).isEqualTo(bins);
    }

    @Test
    void reducesLevelsByTheMeanAndPartsByTheSum() {
        assertThat(DatabaseReducer.reduction(check("line", "sold_on", List.of("amount"), null, "none")))
                .isEqualTo("mean");
        assertThat(DatabaseReducer.reduction(check("stacked_bar", "region", List.of("amount"), null, "none")))
                .isEqualTo("sum");
        assertThat(DatabaseReducer.reduction(check("bar", "region", List.of("amount"), null, "max")))
                .isEqualTo("max");
    }

    private static CheckedSpec check(
            String type, String x, List<String> y, @Nullable String series, String aggregation) {
        return SpecChecker.check(new ChartSpec(type, "t", x, y, "", "", series, aggregation), RESULT);
    }
}
