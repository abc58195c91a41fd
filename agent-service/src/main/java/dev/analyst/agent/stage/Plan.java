package dev.analyst.agent.stage;

import dev.analyst.contracts.analysis.Analysis;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the planner decided to run and why, kept with the run so the summary and the chart can speak
 * about the same thing the SQL computed.
 *
 * @param question the question as planned: the one asked, or a follow-up written out whole
 * @param measureLabel what the numbers are, in words ("average price", "number of rows")
 * @param groupLabel what the rows are grouped by, in words, or empty
 * @param filters the conditions applied, in words
 * @param analysis the typed analysis to compute over the SQL's rows, or null when the rows are the answer
 */
public record Plan(
        String question,
        UUID datasetId,
        String dataset,
        String table,
        String sql,
        String measureLabel,
        String groupLabel,
        List<String> filters,
        @Nullable Analysis analysis) {

    public Plan {
        filters = List.copyOf(filters);
    }

    /** A plan whose rows are the answer. */
    public Plan(
            String question,
            UUID datasetId,
            String dataset,
            String table,
            String sql,
            String measureLabel,
            String groupLabel,
            List<String> filters) {
        this(question, datasetId, dataset, table, sql, measureLabel, groupLabel, filters, null);
    }

    /**
     * The plan with the query an error analyst corrected. Its conditions in words are dropped: the
     * rewrite may have changed them, and a summary must not state conditions the query no longer has.
     */
    public Plan withSql(String corrected) {
        return new Plan(question, datasetId, dataset, table, corrected, measureLabel, groupLabel, List.of(), analysis);
    }
}
