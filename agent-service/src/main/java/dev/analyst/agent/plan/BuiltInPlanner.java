package dev.analyst.agent.plan;

import static dev.analyst.agent.plan.SchemaWords.normalise;
import static dev.analyst.agent.plan.SchemaWords.tableScore;

import dev.analyst.contracts.dataset.DatasetReady;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The built-in model's planner: offline and deterministic. It picks the dataset a question is about
 * and hands the question to a {@link QuestionPlan}, which links its words to the dataset's tables,
 * columns and values ({@link SchemaWords}), joins tables along foreign keys ({@link JoinPaths}) and
 * writes one query. What it cannot place it says so, rather than guess.
 */
@Component
public class BuiltInPlanner implements QuestionPlanner {

    private final Meanings meanings;

    public BuiltInPlanner(Meanings meanings) {
        this.meanings = meanings;
    }

    @Override
    public Decision plan(
            String question, @Nullable String datasetName, List<DatasetReady> datasets, @Nullable String previous) {
        if (previous != null && !datasets.isEmpty()) {
            var composed = FollowUps.compose(previous, question, datasets);
            if (composed != null) {
                // A fragment read as a follow-up is answered as one, or not at all: "and by country?"
                // alone would be a count of rows by country, which no one asked.
                return plan(composed, datasetName, datasets, null);
            }
        }
        if (datasets.isEmpty()) {
            return new Decision.NoDataset("You have no datasets yet. Upload a file or connect a database first.");
        }
        var text = normalise(question);
        DatasetReady dataset;
        if (datasetName != null && !datasetName.isBlank()) {
            var named = datasets.stream()
                    .filter(candidate -> candidate.name().equalsIgnoreCase(datasetName.strip()))
                    .findFirst();
            if (named.isEmpty()) {
                return new Decision.NoDataset("You have no dataset named \"" + datasetName.strip() + "\".");
            }
            dataset = named.get();
        } else {
            dataset = datasets.stream()
                    .max(Comparator.comparingInt(candidate -> datasetScore(candidate, text)))
                    .orElseThrow();
        }
        if (dataset.tables().isEmpty()) {
            return new Decision.NoDataset("The dataset \"" + dataset.name() + "\" has no tables yet.");
        }
        return new QuestionPlan(dataset, question, text, meanings).plan();
    }

    private static int datasetScore(DatasetReady dataset, String text) {
        return dataset.tables().stream()
                .mapToInt(table -> tableScore(table, text))
                .max()
                .orElse(0);
    }
}
