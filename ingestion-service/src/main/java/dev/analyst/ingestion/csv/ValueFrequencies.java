package dev.analyst.ingestion.csv;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the values of a column while it has few distinct ones, so a categorical column's most
 * frequent values can be offered to the planner ("in Brazil" names a value of {@code country}).
 * Memory stays bounded: past the distinct limit, or at a value too long to be a category, counting
 * stops for good.
 */
public final class ValueFrequencies {

    private final int maxDistinct;
    private final int maxValueLength;
    private Map<String, Long> counts = new HashMap<>();
    private boolean categorical = true;

    public ValueFrequencies(int maxDistinct, int maxValueLength) {
        this.maxDistinct = maxDistinct;
        this.maxValueLength = maxValueLength;
    }

    /** Counts a non-null value. */
    public void accept(String value) {
        if (!categorical) {
            return;
        }
        if (value.length() > maxValueLength) {
            giveUp();
            return;
        }
        counts.merge(value, 1L, Long::sum);
        if (counts.size() > maxDistinct) {
            giveUp();
        }
    }

    /** The most frequent values, most frequent first (ties alphabetically); empty if not categorical. */
    public List<String> top(int limit) {
        if (!categorical) {
            return List.of();
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    private void giveUp() {
        categorical = false;
        counts = Map.of();
    }
}
