package dev.analyst.agent.stage;

import java.util.List;
import java.util.UUID;

/**
 * What the planner decided to run and why, kept with the run so the summary and the chart can speak
 * about the same thing the SQL computed.
 *
 * @param question the question as planned: the one asked, or a follow-up written out whole
 * @param measureLabel what the numbers are, in words ("average price", "number of rows")
 * @param groupLabel what the rows are grouped by, in words, or empty
 * @param filters the conditions applied, in words
 */
public record Plan(
        String question,
        UUID datasetId,
        String dataset,
        String table,
        String sql,
        String measureLabel,
        String groupLabel,
        List<String> filters) {

    public Plan {
        filters = List.copyOf(filters);
    }

    /**
     * The plan with the query an error analyst corrected. Its conditions in words are dropped: the
     * rewrite may have changed them, and a summary must not state conditions the query no longer has.
     */
    public Plan withSql(String corrected) {
        return new Plan(question, datasetId, dataset, table, corrected, measureLabel, groupLabel, List.of());
    }
}
