package dev.analyst.contracts.analysis;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The log-odds of a two-valued target as a linear function of numeric predictors, fitted by maximum
 * likelihood.
 *
 * @param positive the target value counted as the outcome; when absent, {@code true}, {@code 1}, or the
 *     later of two text values in sort order
 */
public record LogisticRegression(
        String target, List<String> predictors, @Nullable String positive) implements Analysis {

    public LogisticRegression {
        predictors = List.copyOf(predictors);
    }

    @Override
    public List<String> columns() {
        var columns = new ArrayList<String>(predictors);
        columns.addFirst(target);
        return List.copyOf(columns);
    }
}
