package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.ChartDesigner;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The built-in model's chart: the type follows the shape of the result. One value is a number; a
 * category and a measure a bar; time on x a line; two measures a scatter.
 */
@Component
public class ShapeChartDesigner implements ChartDesigner {

    @Override
    public ChartSpec design(Plan plan, ResultTable result) {
        var columns = result.columns();
        var title = SqlTypes.capitalise(plan.measureLabel())
                + (plan.groupLabel().isEmpty() ? "" : " by " + plan.groupLabel());
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
                if (SqlTypes.isTemporal(x.type())) {
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
        return SqlTypes.isNumeric(column.type());
    }
}
