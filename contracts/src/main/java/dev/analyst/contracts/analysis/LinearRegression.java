package dev.analyst.contracts.analysis;

import java.util.ArrayList;
import java.util.List;

/** Ordinary least squares of a numeric target on numeric predictors, with an intercept. */
public record LinearRegression(String target, List<String> predictors) implements Analysis {

    public LinearRegression {
        predictors = List.copyOf(predictors);
    }

    @Override
    public List<String> columns() {
        var columns = new ArrayList<String>(predictors);
        columns.addFirst(target);
        return List.copyOf(columns);
    }
}
