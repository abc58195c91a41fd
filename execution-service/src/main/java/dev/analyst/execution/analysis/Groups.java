package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.step.StepError;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * A numeric column split by the groups of a categorical one, as the t-test and ANOVA compare them.
 *
 * @param values the numbers of each group, in the groups' natural order
 */
record Groups(String value, String group, List<String> names, double[][] values) {

    static Groups of(Selection rows, String value, String group) {
        double[] numbers = rows.numbers(value);
        Levels levels = rows.levels(group);
        if (levels.count() < 2) {
            throw new AnalysisFailed(
                    StepError.UNSUITABLE_DATA,
                    "Comparing groups needs at least two, but %s has %s in the rows with a value of %s."
                            .formatted(
                                    group,
                                    levels.count() == 0
                                            ? "none"
                                            : "only " + levels.names().getFirst(),
                                    value));
        }
        return new Groups(value, group, levels.names(), levels.split(numbers));
    }

    int count() {
        return names.size();
    }

    double mean(int group) {
        return new Mean().evaluate(values[group]);
    }

    double std(int group) {
        return new StandardDeviation().evaluate(values[group]);
    }

    /** One row per group: its size, mean and sample standard deviation. */
    ResultTable table() {
        var table = new TableBuilder()
                .column(group, TableBuilder.TEXT)
                .column("n", TableBuilder.INT)
                .column("mean", TableBuilder.FLOAT)
                .column("std", TableBuilder.FLOAT);
        for (int g = 0; g < count(); g++) {
            table.row(names.get(g), values[g].length, mean(g), values[g].length > 1 ? std(g) : null);
        }
        return table.build();
    }

    ChartSpec chart(String title) {
        return new ChartSpec("bar", title, group, List.of("mean"), group, "Mean " + value);
    }

    String label(int group) {
        return "%s = %s".formatted(this.group, names.get(group));
    }
}
