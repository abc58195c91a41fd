package dev.analyst.contracts.analysis;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an analysis found: a table people read (coefficients, a matrix, clusters, a forecast), its
 * headline statistics by name, sentences stating them plainly, and the chart that shows the table.
 *
 * @param statistics headline numbers by snake_case name ({@code r_squared}, {@code p_value}, {@code n})
 * @param findings plain sentences, each carrying its numbers, for the summary
 * @param chart a chart over {@code table}
 */
public record AnalysisResult(
        String title, ResultTable table, Map<String, Double> statistics, List<String> findings, ChartSpec chart) {

    public AnalysisResult {
        statistics = Collections.unmodifiableMap(new TreeMap<>(statistics));
        findings = List.copyOf(findings);
    }
}
