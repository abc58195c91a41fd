package dev.analyst.contracts.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a loaded table holds as a whole, beside the per-column {@link ColumnProfile}s.
 *
 * @param correlations Pearson correlations of pairs of numeric columns (at most the first 20 numeric
 *     columns), pairs without a defined coefficient left out
 * @param sampleRows the first rows (at most 5) in column order, as JSON values (numbers, text cut
 *     short, booleans, ISO dates, null)
 * @param findings data-quality observations a person reads: mostly empty, constant, key-like,
 *     outlier-heavy or strongly correlated columns
 */
public record TableProfile(
        List<Correlation> correlations, List<List<@Nullable Object>> sampleRows, List<QualityFinding> findings) {

    public TableProfile {
        correlations = List.copyOf(correlations);
        sampleRows = sampleRows.stream()
                .map(row -> Collections.unmodifiableList(new ArrayList<>(row)))
                .toList();
        findings = List.copyOf(findings);
    }
}
