package dev.analyst.contracts.analysis;

import java.util.List;

/** The pairwise correlation of numeric columns, with the p-value of each pair. */
public record CorrelationMatrix(List<String> columns, Coefficient coefficient) implements Analysis {

    public CorrelationMatrix {
        columns = List.copyOf(columns);
    }

    public enum Coefficient {
        /** Linear association of the values. */
        PEARSON,
        /** Monotonic association of the ranks, robust to outliers and curvature. */
        SPEARMAN
    }
}
