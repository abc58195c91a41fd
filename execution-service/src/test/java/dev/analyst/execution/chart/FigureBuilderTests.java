package dev.analyst.execution.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Each chart type's plotly traces and layout over hand-made results small enough to draw as they are. */
class FigureBuilderTests {

    private static final ResultTable SALES = table(
            "region:text, quarter:text, amount:numeric, units:int8",
            row("north", "Q1", new BigDecimal("10.50"), 3L),
            row("south", "Q1", new BigDecimal("4.25"), 1L),
            row("north", "Q2", new BigDecimal("7.00"), 2L),
            row("south", "Q2", new BigDecimal("8.75"), 5L),
            row("east", "Q1", new BigDecimal("1.00"), 1L));

    @Test
    void drawsGroupedBarsOneTracePerSeriesValue() {
        ChartFigure figure = draw("grouped_bar", SALES, "region", List.of("amount"), "quarter", "none");

        assertThat(figure.data()).hasSize(2);
        assertThat(figure.data().getFirst())
                .contains(entry("type", "bar"), entry("name", "Q1"))
                .contains(entry("x", List.of("north", "south", "east")), entry("y", List.of(10.5, 4.25, 1L)));
        assertThat(figure.data().get(1)).contains(entry("name", "Q2"), entry("x", List.of("north", "south")));
        assertThat(figure.layout()).contains(entry("barmode", "group"), entry("showlegend", true));
        assertThat(axis(figure, "xaxis"))
                .contains(entry("type", "category"), entry("categoryarray", List.of("north", "south", "east")));
        assertThat(title(axis(figure, "xaxis"))).isEqualTo("Region");
        assertThat(title(axis(figure, "yaxis"))).isEqualTo("Amount (EUR)");
        assertThat(figure.sampling()).isNull();
        ChartPages.write("grouped_bar", figure);
    }

    @Test
    void stacksBarsAndSumsPerRegionInJava() {
        ChartFigure figure = draw("stacked_bar", SALES, "region", List.of("amount", "units"), null, "sum");

        assertThat(figure.layout()).containsEntry("barmode", "stack");
        assertThat(figure.data()).extracting(trace -> trace.get("name")).containsExactly("Amount", "Units");
        assertThat(figure.data().getFirst()).containsEntry("y", List.of(17.5, 13L, 1L));
        assertThat(figure.data().get(1)).containsEntry("y", List.of(5L, 6L, 1L));
        ChartPages.write("stacked_bar", figure);
    }

    @Test
    void drawsOneBarTracePerMeasure() {
        ChartFigure figure = draw("bar", SALES, "quarter", List.of("amount"), null, "sum");

        assertThat(figure.data())
                .singleElement()
                .satisfies(trace -> assertThat(trace)
                        .contains(
                                entry("type", "bar"),
                                entry("x", List.of("Q1", "Q2")),
                                entry("y", List.of(15.75, 15.75))));
        assertThat(figure.layout()).containsEntry("showlegend", false);
        ChartPages.write("bar", figure);
    }

    @Test
    void aggregatesPerXInJavaWithExactDecimals() {
        ResultTable values =
                table("k:text, v:float8", row("a", 0.1), row("a", 0.2), row("b", 3.0), row("b", null), row(null, 5.0));

        assertThat(ys(draw("bar", values, "k", List.of("v"), null, "sum"))).containsExactly(0.3, 3L, 5L);
        assertThat(ys(draw("bar", values, "k", List.of("v"), null, "mean"))).containsExactly(0.15, 3L, 5L);
        assertThat(ys(draw("bar", values, "k", List.of("v"), null, "count"))).containsExactly(2L, 1L, 1L);
        assertThat(ys(draw("bar", values, "k", List.of("v"), null, "min"))).containsExactly(0.1, 3L, 5L);
        assertThat(ys(draw("bar", values, "k", List.of("v"), null, "max"))).containsExactly(0.2, 3L, 5L);
        // Without aggregation every row is its own bar; a missing category is named, not dropped.
        assertThat(draw("bar", values, "k", List.of("v"), null, "none").data().getFirst())
                .containsEntry("x", List.of("a", "a", "b", "b", "(none)"));
    }

    @Test
    void countsValuesOfATextMeasure() {
        ChartFigure figure = draw("bar", SALES, "quarter", List.of("region"), null, "count");

        assertThat(figure.data().getFirst()).containsEntry("y", List.of(3L, 2L));
    }

    @Test
    void sortsDatesChronologicallyAndSkipsMissingOnes() {
        ResultTable daily = table(
                "day:timestamptz, visits:int8",
                row("2024-03-01T00:00:00Z", 30L),
                row("2024-01-15T23:00:00-02:00", 10L),
                row(null, 99L),
                row("2024-01-16T00:30:00+02:00", 20L));

        ChartFigure figure = draw("line", daily, "day", List.of("visits"), null, "none");

        assertThat(figure.data().getFirst())
                .contains(entry("type", "scatter"), entry("mode", "lines+markers"))
                .containsEntry(
                        "x", List.of("2024-01-16T00:30:00+02:00", "2024-01-15T23:00:00-02:00", "2024-03-01T00:00:00Z"))
                .containsEntry("y", List.of(20L, 10L, 30L));
        assertThat(axis(figure, "xaxis")).containsEntry("type", "date");
        ChartPages.write("line", figure);
    }

    @Test
    void stacksAreasOfASeriesAndFillsASingleOne() {
        ResultTable monthly = table(
                "month:date, channel:text, orders:int8",
                row("2024-02-01", "web", 5L),
                row("2024-01-01", "web", 3L),
                row("2024-01-01", "shop", 2L),
                row("2024-02-01", "shop", 4L));

        ChartFigure stacked = draw("area", monthly, "month", List.of("orders"), "channel", "none");
        ChartFigure single = draw("area", monthly, "month", List.of("orders"), null, "sum");

        assertThat(stacked.data()).extracting(trace -> trace.get("name")).containsExactly("web", "shop");
        assertThat(stacked.data()).allSatisfy(trace -> assertThat(trace).containsEntry("stackgroup", "one"));
        assertThat(stacked.data().getFirst()).containsEntry("x", List.of("2024-01-01", "2024-02-01"));
        assertThat(single.data().getFirst()).containsEntry("fill", "tozeroy").containsEntry("y", List.of(5L, 9L));
        ChartPages.write("area", stacked);
    }

    @Test
    void keepsAtMostEightPieSlicesSummingTheRestAsOther() {
        var rows = new ArrayList<List<@Nullable Object>>();
        for (int i = 1; i <= 12; i++) {
            rows.add(row("c" + i, (long) i));
        }
        rows.add(row("c12", 100L));
        ResultTable shares = new ResultTable(columns("category:text, n:int8"), rows, false);

        ChartFigure figure = draw("pie", shares, "category", List.of("n"), null, "none");

        Map<String, @Nullable Object> pie = figure.data().getFirst();
        assertThat(pie).containsEntry("type", "pie").containsEntry("sort", false);
        assertThat(pie.get("labels"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .hasSize(8)
                .containsExactly("c12", "c11", "c10", "c9", "c8", "c7", "c6", "Other");
        // Duplicate labels add up (c12: 12 + 100); Other is 1 + 2 + 3 + 4 + 5.
        assertThat(pie.get("values")).isEqualTo(List.of(112L, 11L, 10L, 9L, 8L, 7L, 6L, 15L));
        assertThat(figure.sampling()).isEqualTo("The 7 largest of 12 slices; the other 5 are summed as Other");
        assertThat(annotationText(figure)).isEqualTo(figure.sampling());
        ChartPages.write("pie", figure);
    }

    @Test
    void drawsAScatterTracePerSeriesValue() {
        ResultTable points = table(
                "height:float8, weight:float8, sex:text",
                row(1.80, 80.0, "m"),
                row(1.65, 60.0, "f"),
                row(1.70, 72.5, "m"),
                row(null, 50.0, "f"));

        ChartFigure figure = draw("scatter", points, "height", List.of("weight"), "sex", "none");

        assertThat(figure.data()).extracting(trace -> trace.get("name")).containsExactly("m", "f");
        assertThat(figure.data().getFirst())
                .contains(entry("type", "scatter"), entry("mode", "markers"))
                .containsEntry("x", List.of(1.7, 1.8))
                .containsEntry("y", List.of(72.5, 80L));
        assertThat(figure.data().get(1)).containsEntry("x", List.of(1.65));
        assertThat(axis(figure, "xaxis")).containsEntry("type", "linear");
        ChartPages.write("scatter", figure);
    }

    @Test
    void letsPlotlyBinASmallHistogram() {
        ResultTable ages = table("age:int4", row(31L), row(25L), row((Object) null), row(47L));

        ChartFigure figure = draw("histogram", ages, "age", List.of(), null, "none");

        assertThat(figure.data().getFirst()).contains(entry("type", "histogram"), entry("x", List.of(31L, 25L, 47L)));
        assertThat(title(axis(figure, "yaxis"))).isEqualTo("Amount (EUR)");
        ChartPages.write("histogram", figure);
    }

    @Test
    void drawsAHeatmapWithSeriesAsRows() {
        ResultTable grid = table(
                "weekday:text, hour:int4, visits:int8",
                row("Mon", 10L, 5L),
                row("Tue", 9L, 7L),
                row("Mon", 9L, 1L),
                row("Mon", 9L, 2L));

        ChartFigure figure = draw("heatmap", grid, "weekday", List.of("visits"), "hour", "none");

        Map<String, @Nullable Object> heatmap = figure.data().getFirst();
        assertThat(heatmap).containsEntry("type", "heatmap");
        assertThat(heatmap).containsEntry("x", List.of("Mon", "Tue")).containsEntry("y", List.of("9", "10"));
        assertThat(heatmap).containsEntry("z", List.of(List.of(3L, 7L), Arrays.asList(5L, null)));
        assertThat(title(axis(figure, "yaxis"))).isEqualTo("hour");
        ChartPages.write("heatmap", figure);
    }

    @Test
    void drawsRawBoxesPerGroup() {
        ChartFigure figure = draw("box", SALES, "region", List.of("amount"), null, "none");

        assertThat(figure.data().getFirst())
                .contains(entry("type", "box"), entry("boxpoints", "outliers"))
                .containsEntry("x", List.of("north", "south", "north", "south", "east"))
                .containsEntry("y", List.of(10.5, 4.25, 7L, 8.75, 1L));
        ChartPages.write("box", figure);
    }

    @Test
    void showsANumberAsAnIndicator() {
        ChartFigure total = draw("number", SALES, "", List.of("amount"), null, "sum");
        ChartFigure first = draw("number", SALES, "", List.of("units"), null, "none");

        assertThat(total.data().getFirst())
                .contains(entry("type", "indicator"), entry("mode", "number"), entry("value", 31.5))
                .containsEntry("number", Map.of("valueformat", ",.2f"));
        assertThat(first.data().getFirst())
                .containsEntry("value", 3L)
                .containsEntry("number", Map.of("valueformat", ",d"));
        ChartPages.write("number", total);
    }

    @Test
    void showsATableOfTheNamedColumns() {
        ChartFigure figure = draw("table", SALES, "region", List.of("amount"), null, "none");

        Map<String, @Nullable Object> table = figure.data().getFirst();
        assertThat(table).containsEntry("type", "table");
        assertThat(table.get("header"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("values", List.of("region", "amount"));
        assertThat(table.get("cells"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("align", List.of("left", "right"))
                .containsEntry(
                        "values",
                        List.of(
                                List.of("north", "south", "north", "south", "east"),
                                List.of(
                                        new BigDecimal("10.50"),
                                        new BigDecimal("4.25"),
                                        new BigDecimal("7.00"),
                                        new BigDecimal("8.75"),
                                        new BigDecimal("1.00"))));
        ChartPages.write("table", figure);
    }

    @Test
    void keepsTheFiftyLargestBarsAndSaysSo() {
        var rows = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 60; i++) {
            rows.add(row("item" + i, (long) i));
        }
        ResultTable items = new ResultTable(columns("item:text, n:int8"), rows, false);

        ChartFigure figure = draw("bar", items, "item", List.of("n"), null, "none");

        assertThat(figure.data().getFirst().get("x"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .hasSize(50)
                .startsWith("item10")
                .endsWith("item59");
        assertThat(figure.sampling()).isEqualTo("The 50 largest of 60 groups are drawn");
    }

    @Test
    void drawsDatabaseBinsAsBarsOfTheBinWidth() {
        CheckedSpec spec =
                SpecChecker.check(spec("histogram", "x", List.of(), null, "none"), table("x:float8", row(1.0)));
        var bins = new Drawing.Bins(new BigDecimal("0"), new BigDecimal("2.5"), List.of(3L, 0L, 4L));

        ChartFigure figure = FigureBuilder.build(spec, bins, List.of("Aggregated 7 rows into 3 bins"));

        assertThat(figure.data().getFirst())
                .contains(entry("type", "bar"), entry("width", 2.5))
                .containsEntry("x", List.of(1.25, 3.75, 6.25))
                .containsEntry("y", List.of(3L, 0L, 4L))
                .containsEntry("customdata", List.of(List.of(0L, 2.5), List.of(2.5, 5L), List.of(5L, 7.5)));
        assertThat(figure.sampling()).isEqualTo("Aggregated 7 rows into 3 bins");
    }

    @Test
    void drawsDatabaseBoxStatisticsInAxisOrder() {
        CheckedSpec spec = SpecChecker.check(
                spec("box", "year", List.of("price"), null, "none"), table("year:int4, price:float8", row(1L, 1.0)));
        var boxes = new Drawing.Boxes(
                List.of(new Drawing.BoxStats(2024L, 2, 3, 4, 1, 6), new Drawing.BoxStats(2023L, 1, 2, 3, 0, 5)));

        Map<String, @Nullable Object> trace =
                FigureBuilder.build(spec, boxes, List.of()).data().getFirst();

        assertThat(trace)
                .contains(entry("type", "box"), entry("x", List.of(2023L, 2024L)))
                .contains(entry("q1", List.of(1, 2)), entry("median", List.of(2, 3)), entry("q3", List.of(3, 4)))
                .contains(entry("lowerfence", List.of(0, 1)), entry("upperfence", List.of(5, 6)));
    }

    @Test
    void drawsNothingForAnEmptyResult() {
        ChartFigure figure = FigureBuilder.empty(spec("bar", "region", List.of("amount"), null, "none"));

        assertThat(figure.data()).isEmpty();
        assertThat(annotationText(figure)).isEqualTo("No rows to draw");
        assertThat(figure.sampling()).isNull();
    }

    static ChartFigure draw(
            String type, ResultTable table, String x, List<String> y, @Nullable String series, String aggregation) {
        CheckedSpec checked = SpecChecker.check(spec(type, x, y, series, aggregation), table);
        return FigureBuilder.build(checked, ChartHydrator.drawing(checked, table), List.of());
    }

    static ChartSpec spec(String type, String x, List<String> y, @Nullable String series, String aggregation) {
        String xLabel = x.equals("region") ? "Region" : "";
        String yLabel = y.contains("amount") || type.equals("histogram") ? "Amount (EUR)" : "";
        return new ChartSpec(type, "A " + type + " chart", x, y, xLabel, yLabel, series, aggregation);
    }

    /** A result from "name:type, ..." and rows. */
    @SafeVarargs
    static ResultTable table(String columns, List<@Nullable Object>... rows) {
        return new ResultTable(columns(columns), List.of(rows), false);
    }

    static List<ResultColumn> columns(String columns) {
        return Arrays.stream(columns.split(",\\s*"))
                .map(column -> new ResultColumn(column.split(":")[0], column.split(":")[1]))
                .toList();
    }

    static List<@Nullable Object> row(@Nullable Object... values) {
        return Arrays.asList(values);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ys(ChartFigure figure) {
        return (List<Object>) figure.data().getFirst().get("y");
    }

    @SuppressWarnings("unchecked")
    static Map<String, @Nullable Object> axis(ChartFigure figure, String name) {
        return (Map<String, @Nullable Object>) figure.layout().get(name);
    }

    @SuppressWarnings("unchecked")
    static @Nullable Object title(Map<String, @Nullable Object> axis) {
        return ((Map<String, @Nullable Object>) axis.get("title")).get("text");
    }

    @SuppressWarnings("unchecked")
    static @Nullable Object annotationText(ChartFigure figure) {
        var annotations = (List<Map<String, @Nullable Object>>) figure.layout().get("annotations");
        return annotations.getFirst().get("text");
    }
}
