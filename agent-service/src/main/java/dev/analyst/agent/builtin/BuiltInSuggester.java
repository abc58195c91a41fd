package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.FollowUpSuggester;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The built-in model's follow-up suggestions: the same measure split by the table's other categories.
 * Each suggestion is planned before it is offered, so every one the user clicks can be answered.
 */
@Component
public class BuiltInSuggester implements FollowUpSuggester {

    private static final int MOST = 3;
    private static final int FEW_GROUPS = 30;

    private final BuiltInPlanner planner;

    public BuiltInSuggester(BuiltInPlanner planner) {
        this.planner = planner;
    }

    @Override
    public List<String> suggest(AskedQuestion question, Plan plan, ResultTable result) {
        var table = question.dataset(plan.datasetId()).stream()
                .flatMap(dataset -> dataset.tables().stream())
                .filter(candidate -> candidate.name().equals(plan.table()))
                .findFirst();
        if (table.isEmpty()) {
            return List.of();
        }
        var candidates = new LinkedHashSet<String>();
        for (ColumnSchema column : table.get().columns()) {
            if (splits(table.get(), column)) {
                var by = column.label().replace('_', ' ').toLowerCase(Locale.ROOT);
                if (!by.equalsIgnoreCase(plan.groupLabel().replace('_', ' '))) {
                    candidates.add(SqlTypes.capitalise(plan.measureLabel()) + " by " + by);
                }
            }
        }
        var suggestions = new ArrayList<String>();
        for (var candidate : candidates) {
            if (suggestions.size() == MOST) {
                break;
            }
            if (planner.plan(candidate, plan.dataset(), question.datasets()) instanceof Decision.Planned planned
                    && !planned.plan().sql().equals(plan.sql())) {
                suggestions.add(candidate);
            }
        }
        return List.copyOf(suggestions);
    }

    /**
     * Whether a column splits the rows into a few groups worth comparing: a category with a handful of
     * values, not a key, a name or a column nearly every row has its own value of.
     */
    private static boolean splits(TableSchema table, ColumnSchema column) {
        if (column.topValues().isEmpty()
                || SchemaWords.isKey(column)
                || SchemaWords.namingColumns(table).contains(column)) {
            return false;
        }
        var profile = column.profile();
        return profile == null || profile.distinctCount() <= FEW_GROUPS;
    }
}
