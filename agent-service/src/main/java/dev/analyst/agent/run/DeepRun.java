package dev.analyst.agent.run;

import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a deep analysis stands, kept with its run between steps: the question it answers, the steps
 * still to run (the one in flight is the run's plan) and the sections written so far, in order.
 *
 * @param total how many sections the report has, the one in flight and those still to run included
 */
record DeepRun(String question, String dataset, int total, List<Plan> remaining, List<Section> sections) {

    DeepRun {
        remaining = List.copyOf(remaining);
        sections = List.copyOf(sections);
    }

    /** The run with a section written and the next step, if any, taken off what remains. */
    DeepRun with(Section section) {
        var written = new ArrayList<>(sections);
        written.add(section);
        return new DeepRun(
                question,
                dataset,
                total,
                remaining.isEmpty() ? remaining : remaining.subList(1, remaining.size()),
                written);
    }

    /**
     * One section of the report: the step's plan and what was found, or what could not be done.
     *
     * @param table the step's result (the analysis's own table), null when the step failed
     * @param figure the analysis's figure as execution drew it, null for a query or a failed step
     */
    record Section(
            Plan plan,
            String summary,
            @Nullable ResultTable table,
            @Nullable ChartSpec chart,
            @Nullable ChartFigure figure) {}
}
