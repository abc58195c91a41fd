package dev.analyst.contracts.analysis;

import java.util.List;

/** Whether a numeric column's mean differs across the groups of another column (one-way ANOVA). */
public record Anova(String value, String group) implements Analysis {

    @Override
    public List<String> columns() {
        return List.of(value, group);
    }
}
