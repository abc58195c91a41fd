package dev.analyst.contracts.analysis;

import java.util.List;

/** Whether two categorical columns are independent (Pearson's chi-square on their contingency table). */
public record ChiSquareTest(String rowVariable, String columnVariable) implements Analysis {

    @Override
    public List<String> columns() {
        return List.of(rowVariable, columnVariable);
    }
}
