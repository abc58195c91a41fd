package dev.analyst.execution.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A fitted model's coefficients with their standard errors, test statistics and two-sided p-values, in
 * original units.
 *
 * @param statistic the name of the test statistic column: {@code t_value} or {@code z_value}
 */
record Coefficients(List<String> terms, double[] estimates, double[] errors, double[] pValues, String statistic) {

    double statistic(int j) {
        return estimates[j] / errors[j];
    }

    /** The predictor (not the intercept) with the smallest p-value. */
    int strongest() {
        int best = 1;
        for (int j = 2; j < terms.size(); j++) {
            if (pValues[j] < pValues[best]) {
                best = j;
            }
        }
        return best;
    }

    /** One row per term; {@code extra} adds a column of one more number per term, when not null. */
    ResultTable table(@Nullable String extraColumn, double @Nullable [] extra) {
        var table = new TableBuilder()
                .column("term", TableBuilder.TEXT)
                .column("coefficient", TableBuilder.FLOAT)
                .column("std_error", TableBuilder.FLOAT)
                .column(statistic, TableBuilder.FLOAT)
                .column("p_value", TableBuilder.FLOAT);
        if (extraColumn != null) {
            table.column(extraColumn, TableBuilder.FLOAT);
        }
        for (int j = 0; j < terms.size(); j++) {
            if (extraColumn != null && extra != null) {
                table.row(terms.get(j), estimates[j], errors[j], statistic(j), pValues[j], extra[j]);
            } else {
                table.row(terms.get(j), estimates[j], errors[j], statistic(j), pValues[j]);
            }
        }
        return table.build();
    }

    static ChartSpec chart(String title) {
        return new ChartSpec("bar", title, "term", List.of("coefficient"), "Term", "Coefficient");
    }
}
