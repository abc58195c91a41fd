package dev.analyst.execution.chart;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.execution.chart.CheckedSpec.ChartColumn;
import dev.analyst.execution.chart.Traces.Trace;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Draws a checked spec as plotly figure JSON: the traces of its type and a layout with the title, the
 * axis titles people read, and how the rows were reduced (also as an annotation, so a reader of the
 * picture alone knows). Nothing refers to anything outside the figure: no images, no font URLs.
 */
final class FigureBuilder {

    /** The most points a line shows with markers. */
    private static final int LINE_MARKERS_UP_TO = 120;

    private final CheckedSpec spec;

    private final List<String> notes;

    private final Map<String, @Nullable Object> layout = new LinkedHashMap<>();

    private FigureBuilder(CheckedSpec spec, List<String> notes) {
        this.spec = spec;
        this.notes = new ArrayList<>(notes);
    }

    /**
     * The figure of {@code drawing}.
     *
     * @param notes how the database already reduced the rows, to which drawing may add (categories
     *     left out, slices merged)
     */
    static ChartFigure build(CheckedSpec spec, Drawing drawing, List<String> notes) {
        var builder = new FigureBuilder(spec, notes);
        List<Map<String, @Nullable Object>> data = builder.traces(drawing);
        return builder.figure(data);
    }

    /** The figure of a query that returned no rows: nothing to check the spec against, nothing to draw. */
    static ChartFigure empty(ChartSpec spec) {
        var layout = baseLayout(spec.title());
        layout.put("xaxis", map("visible", false));
        layout.put("yaxis", map("visible", false));
        layout.put(
                "annotations",
                List.of(map(
                        "text",
                        "No rows to draw",
                        "xref",
                        "paper",
                        "yref",
                        "paper",
                        "x",
                        0.5,
                        "y",
                        0.5,
                        "showarrow",
                        false,
                        "font",
                        map("size", 16, "color", "#777"))));
        return new ChartFigure(spec, List.of(), layout, null);
    }

    private List<Map<String, @Nullable Object>> traces(Drawing drawing) {
        return switch (drawing) {
            case Drawing.Points points ->
                switch (spec.type()) {
                    case "bar", "grouped_bar", "stacked_bar" -> bars(points);
                    case "line", "area", "scatter" -> lines(points);
                    case "pie" -> pie(points);
                    case "heatmap" -> heatmap(points);
                    case "histogram" -> histogram(points);
                    case "box" -> box(points);
                    case "number" -> number(points);
                    default -> throw new IllegalStateException("Rows cannot be drawn as a " + spec.type());
                };
            case Drawing.Bins bins -> bins(bins);
            case Drawing.Boxes boxes -> boxes(boxes);
            case Drawing.Rows rows -> table(rows);
        };
    }

    private ChartFigure figure(List<Map<String, @Nullable Object>> data) {
        var full = baseLayout(spec.spec().title());
        full.putAll(layout);
        full.put("showlegend", data.size() > 1);
        String sampling = notes.isEmpty() ? null : capitalised(String.join("; ", notes));
        if (sampling != null) {
            full.put(
                    "annotations",
                    List.of(map(
                            "text",
                            sampling,
                            "xref",
                            "paper",
                            "yref",
                            "paper",
                            "x",
                            0,
                            "y",
                            1,
                            "xanchor",
                            "left",
                            "yanchor",
                            "bottom",
                            "yshift",
                            6,
                            "showarrow",
                            false,
                            "font",
                            map("size", 11, "color", "#555"))));
        }
        return new ChartFigure(spec.spec(), data, full, sampling);
    }

    // Bars, lines, areas and scatter plots: traces of points along x.

    private List<Map<String, @Nullable Object>> bars(Drawing.Points points) {
        Traces.Split split = Traces.of(spec, points.rows(), points.aggregation());
        if (spec.xKind() == AxisKind.CATEGORY) {
            split = largestCategories(split);
        }
        axes(split);
        layout.put("barmode", spec.type().equals("stacked_bar") ? "stack" : "group");
        return split.traces().stream()
                .map(trace -> map("type", "bar", "name", trace.name(), "x", trace.x(), "y", trace.y()))
                .toList();
    }

    /** At most {@link ChartLimits#MAX_BARS} categories, the largest by their total over all traces. */
    private Traces.Split largestCategories(Traces.Split split) {
        List<Object> categories = split.xs();
        if (categories.size() <= ChartLimits.MAX_BARS) {
            return split;
        }
        Map<Object, Double> totals = split.totals();
        Set<Object> kept = new HashSet<>(categories.stream()
                .sorted(Comparator.comparing(totals::get).reversed())
                .limit(ChartLimits.MAX_BARS)
                .toList());
        notes.add(
                "the " + ChartLimits.MAX_BARS + " largest of " + Values.count(categories.size()) + " groups are drawn");
        return split.keeping(kept);
    }

    private List<Map<String, @Nullable Object>> lines(Drawing.Points points) {
        Traces.Split split = Traces.of(spec, points.rows(), points.aggregation());
        axes(split);
        boolean stacked = spec.type().equals("area") && spec.series() != null;
        var data = new ArrayList<Map<String, @Nullable Object>>();
        for (Trace trace : split.traces()) {
            var line = map("type", "scatter", "name", trace.name(), "x", trace.x(), "y", trace.y());
            switch (spec.type()) {
                case "scatter" -> {
                    line.put("mode", "markers");
                    line.put("marker", map("size", 6, "opacity", trace.x().size() > 1_000 ? 0.5 : 0.8));
                }
                case "area" -> {
                    line.put("mode", "lines");
                    // A series splits a whole into parts, so its areas stack; separate measures overlap.
                    if (stacked) {
                        line.put("stackgroup", "one");
                    } else {
                        line.put("fill", "tozeroy");
                    }
                }
                // Markers help read a few points; over hundreds they only blot out the line.
                default -> line.put("mode", trace.x().size() > LINE_MARKERS_UP_TO ? "lines" : "lines+markers");
            }
            data.add(line);
        }
        return data;
    }

    /** Axis titles and types; categories in the order the traces bring them. */
    private void axes(Traces.Split split) {
        var xaxis = axis(spec.xLabel(), spec.xKind());
        if (spec.xKind() == AxisKind.CATEGORY) {
            xaxis.put("categoryorder", "array");
            xaxis.put("categoryarray", split.xs());
        }
        layout.put("xaxis", xaxis);
        layout.put("yaxis", axis(spec.yLabel(), AxisKind.NUMBER));
    }

    // Pie and heatmap: one value per slice or cell.

    private List<Map<String, @Nullable Object>> pie(Drawing.Points points) {
        // A slice is one value: rows that share a label add up unless the spec says otherwise.
        Trace trace = Traces.of(spec, points.rows(), perCell(points)).traces().stream()
                .findFirst()
                .orElse(new Trace("", List.of(), List.of()));
        var slices = new ArrayList<Integer>();
        for (int i = 0; i < trace.x().size(); i++) {
            slices.add(i);
        }
        slices.sort(
                Comparator.comparingDouble((Integer i) -> valueOrZero(trace.y().get(i)))
                        .reversed());
        var labels = new ArrayList<Object>();
        var values = new ArrayList<@Nullable Number>();
        int shown = slices.size() <= ChartLimits.MAX_SLICES ? slices.size() : ChartLimits.MAX_SLICES - 1;
        for (int i : slices.subList(0, shown)) {
            labels.add(trace.x().get(i));
            values.add(trace.y().get(i));
        }
        if (shown < slices.size()) {
            var rest = new Aggregate("sum");
            slices.subList(shown, slices.size()).forEach(i -> rest.add(trace.y().get(i)));
            labels.add("Other");
            values.add(rest.result());
            notes.add("the " + shown + " largest of " + Values.count(slices.size()) + " slices; the other "
                    + Values.count(slices.size() - shown) + " are summed as Other");
        }
        return List.of(map(
                "type",
                "pie",
                "name",
                spec.yLabel(),
                "labels",
                labels,
                "values",
                values,
                "sort",
                false,
                "direction",
                "clockwise",
                "textinfo",
                "label+percent"));
    }

    private List<Map<String, @Nullable Object>> heatmap(Drawing.Points points) {
        Traces.Split split = Traces.of(spec, points.rows(), perCell(points));
        List<Trace> rows = split.traces();
        List<Object> columns = split.xs();
        var z = new ArrayList<List<@Nullable Number>>();
        for (Trace row : rows) {
            var cells = new HashMap<Object, @Nullable Number>();
            for (int i = 0; i < row.x().size(); i++) {
                cells.put(row.x().get(i), row.y().get(i));
            }
            var line = new ArrayList<@Nullable Number>(columns.size());
            columns.forEach(column -> line.add(cells.get(column)));
            z.add(line);
        }
        layout.put("xaxis", axis(spec.xLabel(), spec.xKind()));
        ChartColumn series = spec.series();
        layout.put(
                "yaxis", axis(series == null ? "" : series.name(), series == null ? AxisKind.CATEGORY : series.kind()));
        return List.of(map(
                "type",
                "heatmap",
                "x",
                columns,
                "y",
                rows.stream().map(Trace::name).toList(),
                "z",
                z,
                "colorscale",
                "Viridis",
                "hoverongaps",
                false,
                "colorbar",
                map("title", map("text", spec.yLabel()))));
    }

    /** The aggregation of a one-value-per-cell chart: {@code none} sums rows that share a cell. */
    private static String perCell(Drawing.Points points) {
        return points.aggregation().equals("none") ? "sum" : points.aggregation();
    }

    // Distributions: histograms and box plots.

    private List<Map<String, @Nullable Object>> histogram(Drawing.Points points) {
        var values = new ArrayList<Number>();
        for (PlotRow row : points.rows()) {
            Number value = Values.plotted(row.x());
            if (value != null) {
                values.add(value);
            }
        }
        histogramAxes();
        return List.of(map("type", "histogram", "name", spec.xLabel(), "x", values));
    }

    private List<Map<String, @Nullable Object>> bins(Drawing.Bins bins) {
        var centres = new ArrayList<@Nullable Number>();
        var edges = new ArrayList<List<@Nullable Number>>();
        BigDecimal half = bins.width().divide(BigDecimal.TWO);
        for (int i = 0; i < bins.counts().size(); i++) {
            BigDecimal from = bins.start().add(bins.width().multiply(BigDecimal.valueOf(i)));
            centres.add(Values.plotted(from.add(half)));
            edges.add(List.of(Values.plotted(from), Values.plotted(from.add(bins.width()))));
        }
        histogramAxes();
        return List.of(map(
                "type",
                "bar",
                "name",
                spec.xLabel(),
                "x",
                centres,
                "y",
                bins.counts(),
                "width",
                Values.plotted(bins.width()),
                "customdata",
                edges,
                "hovertemplate",
                "%{customdata[0]} to %{customdata[1]}: %{y:,}<extra></extra>"));
    }

    private void histogramAxes() {
        layout.put("xaxis", axis(spec.xLabel(), AxisKind.NUMBER));
        String yLabel = spec.spec().yLabel().isBlank() ? "Count" : spec.spec().yLabel();
        layout.put("yaxis", axis(yLabel, AxisKind.NUMBER));
        layout.put("bargap", 0.02);
    }

    private List<Map<String, @Nullable Object>> box(Drawing.Points points) {
        var x = new ArrayList<Object>();
        var y = new ArrayList<Number>();
        for (PlotRow row : points.rows()) {
            Number value = Values.plotted(row.measures().getFirst());
            Object group = spec.x() == null ? "" : Values.onAxis(row.x(), spec.xKind());
            if (value != null && group != null) {
                x.add(group);
                y.add(value);
            }
        }
        var trace = map("type", "box", "name", spec.yLabel(), "y", y, "boxpoints", "outliers");
        if (spec.x() != null) {
            trace.put("x", x);
        }
        boxAxes();
        return List.of(trace);
    }

    private List<Map<String, @Nullable Object>> boxes(Drawing.Boxes drawn) {
        var boxes = new ArrayList<Drawing.BoxStats>();
        for (Drawing.BoxStats box : drawn.boxes()) {
            Object group = spec.x() == null ? spec.yLabel() : Values.onAxis(box.group(), spec.xKind());
            if (group != null) {
                boxes.add(new Drawing.BoxStats(
                        group, box.q1(), box.median(), box.q3(), box.lowerFence(), box.upperFence()));
            }
        }
        Comparator<Object> order = Values.order(spec.x() == null ? AxisKind.CATEGORY : spec.xKind());
        boxes.sort((a, b) -> order.compare(requireGroup(a), requireGroup(b)));
        boxAxes();
        return List.of(map(
                "type", "box",
                "name", spec.yLabel(),
                "x", boxes.stream().map(FigureBuilder::requireGroup).toList(),
                "q1", boxes.stream().map(Drawing.BoxStats::q1).toList(),
                "median", boxes.stream().map(Drawing.BoxStats::median).toList(),
                "q3", boxes.stream().map(Drawing.BoxStats::q3).toList(),
                "lowerfence", boxes.stream().map(Drawing.BoxStats::lowerFence).toList(),
                "upperfence", boxes.stream().map(Drawing.BoxStats::upperFence).toList()));
    }

    private static Object requireGroup(Drawing.BoxStats box) {
        return box.group() == null ? Values.NONE : box.group();
    }

    private void boxAxes() {
        layout.put("xaxis", axis(spec.xLabel(), spec.x() == null ? AxisKind.CATEGORY : spec.xKind()));
        layout.put("yaxis", axis(spec.yLabel(), AxisKind.NUMBER));
    }

    // A single number and a table.

    private List<Map<String, @Nullable Object>> number(Drawing.Points points) {
        Number value;
        if (points.aggregation().equals("none")) {
            value = points.rows().isEmpty()
                    ? null
                    : Values.plotted(points.rows().getFirst().measures().getFirst());
        } else {
            var aggregate = new Aggregate(points.aggregation());
            points.rows().forEach(row -> aggregate.add(row.measures().getFirst()));
            value = aggregate.result();
        }
        return List.of(map(
                "type",
                "indicator",
                "mode",
                "number",
                "value",
                value,
                "title",
                map("text", spec.yLabel()),
                "number",
                map("valueformat", valueFormat(value))));
    }

    /** Whole numbers with thousands separators, others to two decimals, small ones to three digits. */
    static String valueFormat(@Nullable Number value) {
        if (value == null || value instanceof Long) {
            return ",d";
        }
        return Math.abs(value.doubleValue()) >= 1 ? ",.2f" : ".3~g";
    }

    private List<Map<String, @Nullable Object>> table(Drawing.Rows rows) {
        ResultTable table = rows.table();
        var shown = new ArrayList<Integer>();
        for (ChartColumn column : tableColumns()) {
            if (!shown.contains(column.index())) {
                shown.add(column.index());
            }
        }
        if (shown.isEmpty()) {
            for (int i = 0; i < table.columns().size(); i++) {
                shown.add(i);
            }
        }
        int rowCount = Math.min(table.rows().size(), ChartLimits.MAX_TABLE_ROWS);
        var header = new ArrayList<String>();
        var cells = new ArrayList<List<@Nullable Object>>();
        var align = new ArrayList<String>();
        for (int index : shown) {
            ResultColumn column = table.columns().get(index);
            var values = new ArrayList<@Nullable Object>(rowCount);
            table.rows().subList(0, rowCount).forEach(row -> values.add(row.get(index) == null ? "" : row.get(index)));
            header.add(column.name());
            cells.add(values);
            align.add(AxisKind.of(column.type(), values) == AxisKind.NUMBER ? "right" : "left");
        }
        if (rowCount < rows.totalRows()) {
            notes.add("the first " + Values.count(rowCount) + " of " + Values.count(rows.totalRows()) + " rows");
        }
        layout.put("margin", map("l", 20, "r", 20, "t", 80, "b", 20));
        return List.of(map(
                "type", "table",
                "header",
                        map("values", header, "align", align, "fill", map("color", "#eef1f5"), "font", map("size", 12)),
                "cells", map("values", cells, "align", align, "font", map("size", 12))));
    }

    private List<ChartColumn> tableColumns() {
        var columns = new ArrayList<ChartColumn>();
        if (spec.x() != null) {
            columns.add(spec.x());
        }
        if (spec.series() != null) {
            columns.add(spec.series());
        }
        columns.addAll(spec.measures());
        return columns;
    }

    // Layout pieces.

    private static Map<String, @Nullable Object> baseLayout(String title) {
        return map(
                "title", map("text", title),
                "margin", map("l", 70, "r", 30, "t", 80, "b", 70),
                "font", map("family", "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size", 13),
                "hovermode", "closest");
    }

    private static Map<String, @Nullable Object> axis(String title, AxisKind kind) {
        return map("title", map("text", title), "type", kind.plotlyType(), "automargin", true);
    }

    private static double valueOrZero(@Nullable Number value) {
        return value == null ? 0 : value.doubleValue();
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    /** A JSON object in the order given (plotly does not care; people reading it do), nulls allowed. */
    static Map<String, @Nullable Object> map(@Nullable Object... keysAndValues) {
        var map = new LinkedHashMap<String, @Nullable Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return map;
    }
}
