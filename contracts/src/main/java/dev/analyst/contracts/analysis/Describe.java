package dev.analyst.contracts.analysis;

import java.util.List;

/** Count, missing values, mean, standard deviation, minimum, quartiles and maximum of each column. */
public record Describe(List<String> columns) implements Analysis {

    public Describe {
        columns = List.copyOf(columns);
    }
}
