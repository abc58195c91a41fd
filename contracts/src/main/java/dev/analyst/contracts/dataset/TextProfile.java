package dev.analyst.contracts.dataset;

import java.util.List;

/**
 * Lengths and the most frequent values of a text column.
 *
 * @param topValues at most 10, most frequent first; long values are cut short
 */
public record TextProfile(int minLength, int maxLength, List<ValueCount> topValues) {

    public TextProfile {
        topValues = List.copyOf(topValues);
    }
}
