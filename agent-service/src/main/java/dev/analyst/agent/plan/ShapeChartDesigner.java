package dev.analyst.agent.plan;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The built-in model's chart: the type follows the shape of the result. One value is a number; a
 * category and a measure a bar; time on x a line; two measures a scatter.
 */
@Component
public class ShapeChartDesigner implements ChartDesigner {

    private static final Set<String> NUMERIC = Set.of(
            "int2",
            "int4",
            "int8",
            "smallint",
            "integer",
            "bigint",
            "numeric",
            "float4",
            "float8",
            "real",
            "double precision",
            "decimal");
    private static final Set<String> TIME = Set.of("date", "timestamp", "timestamptz", "time");

    @Override
    public ChartSpec design(Plan plan, ResultTable result) {
        var columns = result.columns();
        var title = capitalise(plan.measureLabel()) + (plan.groupLabel().isEmpty() ? "" : " by " + plan.groupLabel());
        if (result.rows().size() == 1 && columns.size() == 1) {
            return new ChartSpec("number", title, "", List.of(columns.getFirst().name()), "", plan.measureLabel());
        }
        if (columns.size() >= 2 && !result.rows().isEmpty()) {
            var x = columns.getFirst();
            var measures = columns.stream()
                    .skip(1)
                    .filter(ShapeChartDesigner::numeric)
                    .map(ResultColumn::name)
                    .toList();
            if (!measures.isEmpty()) {
                var xLabel = plan.groupLabel().isEmpty() ? x.name() : plan.groupLabel();
                if (TIME.contains(x.type())) {
                    return new ChartSpec("line", title, x.name(), measures, xLabel, plan.measureLabel());
                }
                if (numeric(x) && plan.groupLabel().isEmpty()) {
                    return new ChartSpec("scatter", title, x.name(), measures, x.name(), measures.getFirst());
                }
                return new ChartSpec("bar", title, x.name(), measures, xLabel, plan.measureLabel());
            }
        }
        return new ChartSpec("table", title, "", List.of(), "", "");
    }

    private static boolean numeric(ResultColumn column) {
        return NUMERIC.contains(column.type().toLowerCase(java.util.Locale.ROOT));
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
