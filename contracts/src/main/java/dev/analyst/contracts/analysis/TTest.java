package dev.analyst.contracts.analysis;

import java.util.List;

/** Whether a numeric column's mean differs between the two groups of another column (Welch's t-test). */
public record TTest(String value, String group) implements Analysis {

    @Override
    public List<String> columns() {
        return List.of(value, group);
    }
}
