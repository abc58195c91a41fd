package dev.analyst.contracts.analysis;

import java.util.List;

/**
 * Values unusually far from the rest of a numeric column.
 *
 * @param threshold the fences' multiple of the interquartile range (1.5 by convention) or the absolute
 *     z-score beyond which a value is an outlier (3 by convention); 0 or less takes the convention
 */
public record OutlierDetection(String column, Rule rule, double threshold) implements Analysis {

    @Override
    public List<String> columns() {
        return List.of(column);
    }

    public enum Rule {
        /** Beyond Q1 - k·IQR or Q3 + k·IQR: robust, makes no assumption about the distribution. */
        IQR,
        /** More than k standard deviations from the mean. */
        Z_SCORE
    }
}
