package dev.analyst.execution.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rows split into named traces of (x, y) points: one trace per measure, or per series value (and
 * measure), each point aggregated per x when the aggregation is not {@code none}. Points on a number or
 * time axis are in order; categories stay in the order the rows brought them, which is the query's.
 */
final class Traces {

    /** One trace's points, x and y side by side. */
    record Trace(String name, List<Object> x, List<@Nullable Number> y) {}

    /**
     * The traces, and every x value once: in axis order on a number or time axis, else in the order the
     * rows brought them.
     */
    record Split(List<Trace> traces, List<Object> xs) {

        Split {
            traces = List.copyOf(traces);
            xs = List.copyOf(xs);
        }

        /** The traces with only the points whose x is one of {@code kept}. */
        Split keeping(Set<Object> kept) {
            var filtered = new ArrayList<Trace>(traces.size());
            for (Trace trace : traces) {
                var x = new ArrayList<Object>();
                var y = new ArrayList<@Nullable Number>();
                for (int i = 0; i < trace.x().size(); i++) {
                    if (kept.contains(trace.x().get(i))) {
                        x.add(trace.x().get(i));
                        y.add(trace.y().get(i));
                    }
                }
                filtered.add(new Trace(trace.name(), x, y));
            }
            return new Split(filtered, xs.stream().filter(kept::contains).toList());
        }

        /** Each x's total over all traces, to rank categories by. */
        Map<Object, Double> totals() {
            var totals = new HashMap<Object, Double>();
            for (Trace trace : traces) {
                for (int i = 0; i < trace.x().size(); i++) {
                    Number y = trace.y().get(i);
                    totals.merge(trace.x().get(i), y == null ? 0 : y.doubleValue(), Double::sum);
                }
            }
            return totals;
        }
    }

    private Traces() {}

    static Split of(CheckedSpec spec, List<PlotRow> rows, String aggregation) {
        var traces = new LinkedHashMap<String, Builder>();
        Set<Object> xs = new LinkedHashSet<>();
        for (PlotRow row : rows) {
            Object x = Values.onAxis(row.x(), spec.xKind());
            if (x == null) {
                // No place on a number or time axis.
                continue;
            }
            xs.add(x);
            for (int i = 0; i < spec.measures().size(); i++) {
                String name = name(spec, row.series(), i);
                traces.computeIfAbsent(name, n -> new Builder(n, row.series()))
                        .add(x, row.measures().get(i), aggregation);
            }
        }
        var ordered = new ArrayList<>(traces.values());
        if (spec.series() != null) {
            Comparator<Object> bySeries = Values.order(spec.seriesKind());
            ordered.sort((a, b) -> a.series == null || b.series == null
                    ? Boolean.compare(a.series == null, b.series == null)
                    : bySeries.compare(a.series, b.series));
        }
        var axis = new ArrayList<>(xs);
        axis.sort(Values.order(spec.xKind()));
        return new Split(
                ordered.stream().map(builder -> builder.build(spec.xKind())).toList(), axis);
    }

    /**
     * A measure's name alone, or the series value, with the measure when there are several. A lone
     * measure is named by the label people read; several by their column names made readable.
     */
    private static String name(CheckedSpec spec, @Nullable Object series, int measure) {
        String measureName = spec.measures().size() == 1
                ? spec.yLabel()
                : readable(spec.measures().get(measure).name());
        if (spec.series() == null) {
            return measureName;
        }
        String seriesName = series == null ? Values.NONE : series.toString();
        return spec.measures().size() == 1 ? seriesName : seriesName + " · " + measureName;
    }

    /** "average_price" as "Average price". */
    static String readable(String columnName) {
        String words = columnName.replace('_', ' ').strip();
        return words.isEmpty() ? columnName : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static final class Builder {

        private final String name;

        private final @Nullable Object series;

        private final List<Object> x = new ArrayList<>();

        private final List<Aggregate> y = new ArrayList<>();

        private final Map<Object, Aggregate> byX = new HashMap<>();

        Builder(String name, @Nullable Object series) {
            this.name = name;
            this.series = series;
        }

        void add(Object at, @Nullable Object value, String aggregation) {
            // Without aggregation every row is a point of its own, even where x repeats.
            Aggregate cell = aggregation.equals("none") ? null : byX.get(at);
            if (cell == null) {
                cell = new Aggregate(aggregation);
                x.add(at);
                y.add(cell);
                byX.put(at, cell);
            }
            cell.add(value);
        }

        Trace build(AxisKind xKind) {
            var order = new ArrayList<Integer>(x.size());
            for (int i = 0; i < x.size(); i++) {
                order.add(i);
            }
            Comparator<Object> byValue = Values.order(xKind);
            order.sort((a, b) -> byValue.compare(x.get(a), x.get(b)));
            var xs = new ArrayList<Object>(x.size());
            var ys = new ArrayList<@Nullable Number>(x.size());
            for (int i : order) {
                xs.add(x.get(i));
                ys.add(y.get(i).result());
            }
            return new Trace(name, xs, ys);
        }
    }
}
