package dev.analyst.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ShapeChartDesignerTests {

    private final ShapeChartDesigner designer = new ShapeChartDesigner();

    @Test
    void aSingleValueIsANumber() {
        var chart = design(
                "What is the average price?", "average price", "", table(cols("average_price:numeric"), row(5.5)));
        assertThat(chart.type()).isEqualTo("number");
        assertThat(chart.y()).containsExactly("average_price");
        assertThat(chart.yLabel()).isEqualTo("Average price");
    }

    @Test
    void timeOnXIsALineOneForEachMeasureOrEachValueOfACategory() {
        var chart = design(
                "Sales per month",
                "total sales",
                "month",
                table(cols("month:date", "total_sales:numeric"), row("2024-01-01", 1), row("2024-02-01", 2)));
        assertThat(chart.type()).isEqualTo("line");
        assertThat(chart.x()).isEqualTo("month");
        assertThat(chart.series()).isNull();

        var years = design(
                "Total sales per year",
                "total sales",
                "year",
                table(cols("year:int4", "total:numeric"), row(2021, 1), row(2022, 2)));
        assertThat(years.type()).as("a calendar bucket named for its unit").isEqualTo("line");

        var several = design(
                "Sales and profit per month",
                "sales",
                "month",
                table(cols("month:date", "sales:numeric", "profit:numeric"), row("2024-01-01", 1, 2)));
        assertThat(several.y()).containsExactly("sales", "profit");

        var split = design(
                "Sales per month by region",
                "sales",
                "month",
                table(
                        cols("month:date", "region:text", "sales:numeric"),
                        row("2024-01-01", "East", 1),
                        row("2024-01-01", "West", 2)));
        assertThat(split.type()).isEqualTo("line");
        assertThat(split.series()).isEqualTo("region");
        assertThat(split.y()).containsExactly("sales");
    }

    @Test
    void oneCategoryAndOneMeasureIsABar() {
        var chart = design(
                "Average price by heating type",
                "average price",
                "heating type",
                table(cols("heating_type:text", "average_price:numeric"), row("gas", 1), row("electric", 2)),
                Map.of("heating_type", "Heating Type"));
        assertThat(chart.type()).isEqualTo("bar");
        assertThat(chart.x()).isEqualTo("heating_type");
        assertThat(chart.xLabel()).as("the dataset's original label").isEqualTo("Heating Type");
        assertThat(chart.yLabel()).isEqualTo("Average price");

        var byNumber = design(
                "Average price by bedrooms",
                "average price",
                "bedrooms",
                table(cols("bedrooms:int8", "average_price:numeric"), row(1, 1), row(2, 2), row(3, 3)));
        assertThat(byNumber.type()).as("grouped by a number, still groups").isEqualTo("bar");
    }

    @Test
    void sharesOfAWholeAreAPieInAFewSlicesAndBarsBeyond() {
        var few = table(
                cols("heating_type:text", "percentage_of_homes:numeric"),
                row("gas", 50),
                row("electric", 30),
                row("oil", 20));
        assertThat(design("Percentage of homes by heating type", "percentage of homes", "heating type", few)
                        .type())
                .isEqualTo("pie");
        assertThat(design(
                                "Breakdown of sales by region",
                                "total sales",
                                "region",
                                table(cols("region:text", "total_sales:numeric"), row("East", 1), row("West", 2)))
                        .type())
                .isEqualTo("pie");
        var many = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 9; i++) {
            many.add(row("country " + i, i));
        }
        assertThat(design(
                                "Share of customers by country",
                                "percentage of customers",
                                "country",
                                new ResultTable(cols("country:text", "share:numeric"), many, false))
                        .type())
                .isEqualTo("bar");
    }

    @Test
    void oneCategoryAndSeveralMeasuresAreGroupedBars() {
        var chart = design(
                "Average and maximum price by furnishing",
                "price",
                "furnishing",
                table(
                        cols("furnishing:text", "average:numeric", "maximum:numeric"),
                        row("furnished", 1, 2),
                        row("no", 3, 4)));
        assertThat(chart.type()).isEqualTo("grouped_bar");
        assertThat(chart.y()).containsExactly("average", "maximum");
    }

    @Test
    void twoCategoriesAndAMeasureAreStackedBarsOrAHeatmapWhenBothHaveManyValues() {
        var chart = design(
                "Sales by region and segment",
                "sales",
                "region",
                table(
                        cols("region:text", "segment:text", "sales:numeric"),
                        row("East", "Consumer", 1),
                        row("East", "Corporate", 2),
                        row("West", "Consumer", 3)));
        assertThat(chart.type()).isEqualTo("stacked_bar");
        assertThat(chart.x()).isEqualTo("region");
        assertThat(chart.series()).isEqualTo("segment");

        var rows = new ArrayList<List<@Nullable Object>>();
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                rows.add(row("a" + a, "b" + b, a * b));
            }
        }
        assertThat(design(
                                "Trips by origin and destination",
                                "trips",
                                "origin",
                                new ResultTable(cols("origin:text", "destination:text", "trips:int8"), rows, false))
                        .type())
                .isEqualTo("heatmap");

        var names = design(
                "Which teacher has the most courses?",
                "number of courses",
                "teacher",
                table(
                        cols("first_name:text", "last_name:text", "courses:int8"),
                        row("Ada", "Lovelace", 3),
                        row("Alan", "Turing", 2)));
        assertThat(names.type()).as("two parts of one name, not a cross-tab").isEqualTo("bar");
    }

    @Test
    void twoMeasuresWithoutACategoryAreAScatter() {
        var chart = design(
                "Area and price of the largest homes",
                "area",
                "",
                table(cols("area:int8", "price:int8"), row(1, 2), row(3, 4)));
        assertThat(chart.type()).isEqualTo("scatter");
        assertThat(chart.x()).isEqualTo("area");
        assertThat(chart.y()).containsExactly("price");
    }

    @Test
    void oneMeasureOfManyRowsIsAHistogramAndManyRowsPerCategoryABox() {
        var prices = new ArrayList<List<@Nullable Object>>();
        var byCategory = new ArrayList<List<@Nullable Object>>();
        for (int i = 0; i < 30; i++) {
            prices.add(row(i * 10));
            byCategory.add(row(i % 2 == 0 ? "gas" : "electric", i * 10));
        }
        var histogram = design("List the prices", "price", "", new ResultTable(cols("price:int8"), prices, false));
        assertThat(histogram.type()).isEqualTo("histogram");
        assertThat(histogram.x()).isEqualTo("price");
        assertThat(histogram.aggregation()).isEqualTo("count");

        var box = design(
                "Prices of homes by heating",
                "price",
                "",
                new ResultTable(cols("heating:text", "price:int8"), byCategory, false));
        assertThat(box.type()).isEqualTo("box");
        assertThat(box.x()).isEqualTo("heating");
    }

    @Test
    void nothingToPlotIsATable() {
        assertThat(design("List the albums", "album", "", table(cols("title:text"), row("A"), row("B")))
                        .type())
                .isEqualTo("table");
        assertThat(design("Describe price", "statistics", "", table(cols("mean:numeric", "max:numeric"), row(1, 2)))
                        .type())
                .isEqualTo("table");
        assertThat(design("Anything", "x", "", table(cols("x:int8"))).type()).isEqualTo("table");
    }

    private ChartSpec design(String question, String measure, String group, ResultTable result) {
        return design(question, measure, group, result, Map.of());
    }

    private ChartSpec design(
            String question, String measure, String group, ResultTable result, Map<String, String> labels) {
        var plan = new Plan(question, UUID.randomUUID(), "d", "t", "SELECT 1", measure, group, List.of());
        var chart = designer.design(plan, result, labels);
        assertThat(ChartSpec.TYPES).contains(chart.type());
        return chart;
    }

    private static List<ResultColumn> cols(String... columns) {
        return Arrays.stream(columns)
                .map(column -> new ResultColumn(column.split(":")[0], column.split(":")[1]))
                .toList();
    }

    private static List<@Nullable Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @SafeVarargs
    private static ResultTable table(List<ResultColumn> columns, List<@Nullable Object>... rows) {
        return new ResultTable(columns, List.of(rows), false);
    }
}
