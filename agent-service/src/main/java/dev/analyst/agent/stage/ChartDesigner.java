package dev.analyst.agent.stage;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;

/** The chart stage: the chart that shows a result best, chosen from its shape. */
public interface ChartDesigner {

    ChartSpec design(Plan plan, ResultTable result);
}
