package dev.analyst.agent.builtin;

import static dev.analyst.agent.builtin.SchemaWords.normalise;
import static dev.analyst.agent.builtin.SchemaWords.tableScore;

import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Decision;
import dev.analyst.agent.stage.Plan;
import dev.analyst.agent.stage.QuestionPlanner;
import dev.analyst.agent.stage.Validation;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.question.AnalystAgent;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    private static final Pattern SPECIFIC =
            Pattern.compile("\\d+(?:[.,]\\d+)*|['\"‘“][^'\"’”]+['\"’”]|(?<=\\S\\s)\\p{Lu}\\w*");

    /** What pins a question's answer down: its numbers, quoted texts and capitalised names. */
    static Set<String> specifics(String question) {
        return SPECIFIC.matcher(question.strip())
                .results()
                .map(result -> result.group().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    /** How alike a question must be to one answered before for the built-in model to reuse its query. */
    static final double NEARLY_THE_SAME = 0.9;

    private final Meanings meanings;

    public BuiltInPlanner(Meanings meanings) {
        this.meanings = meanings;
    }

    @Override
    public Decision plan(AskedQuestion question, Validation validation) {
        var dataset = validation.dataset() != null ? validation.dataset() : question.dataset();
        if (question.agent() == AnalystAgent.STATISTICS || question.agent() == AnalystAgent.ML) {
            return switch (choose(question.text(), dataset, question.datasets())) {
                case Choice.None none -> new Decision.NoDataset(none.reason());
                case Choice.Chosen chosen -> {
                    var plan =
                            new QuestionPlan(chosen.dataset(), question.text(), normalise(question.text()), meanings);
                    yield question.agent() == AnalystAgent.STATISTICS ? plan.describe() : plan.regression();
                }
            };
        }
        var decision = plan(question.text(), dataset, question.datasets(), question.previous());
        return decision instanceof Decision.NotUnderstood
                ? answeredBefore(question).orElse(decision)
                : decision;
    }

    /**
     * A question the built-in model cannot read, asked nearly word for word before and answered to the
     * user's satisfaction (by a hosted model, say): that answer's query, rather than a refusal.
     */
    private static Optional<Decision> answeredBefore(AskedQuestion question) {
        return question.examples().stream()
                .filter(example -> example.similarity() >= NEARLY_THE_SAME)
                // "... in Canada?" and "... in Brazil?" are alike as sentences and differ in the answer.
                .filter(example -> specifics(example.question()).equals(specifics(question.text())))
                .findFirst()
                .flatMap(example -> question.datasetNamed(example.dataset())
                        .map(dataset -> new Decision.Planned(new Plan(
                                question.text(),
                                dataset.datasetId(),
                                dataset.name(),
                                dataset.tables().getFirst().name(),
                                example.sql(),
                                "answer to \"" + example.question() + "\"",
                                "",
                                List.of()))));
    }

    public Decision plan(String question, @Nullable String datasetName, List<DatasetReady> datasets) {
        return plan(question, datasetName, datasets, null);
    }

    /**
     * @param previous the previous question of the conversation, as it was read (a follow-up written
     *     out whole), for a question that follows up on it ("and by number of stories?"); null for the
     *     first
     */
    public Decision plan(
            String question, @Nullable String datasetName, List<DatasetReady> datasets, @Nullable String previous) {
        var composed = followUp(question, datasets, previous);
        if (composed != null) {
            // A fragment read as a follow-up is answered as one, or not at all: "and by country?"
            // alone would be a count of rows by country, which no one asked.
            return plan(composed, datasetName, datasets, null);
        }
        return switch (choose(question, datasetName, datasets)) {
            case Choice.None none -> new Decision.NoDataset(none.reason());
            case Choice.Chosen chosen ->
                // An analysis when the words ask for one and name what it reads; else a query.
                new QuestionPlan(chosen.dataset(), question, normalise(question), meanings)
                        .analysis()
                        .orElseGet(() ->
                                new QuestionPlan(chosen.dataset(), question, normalise(question), meanings).plan());
        };
    }

    /** The question written out whole when it follows up on the previous one, else null. */
    static @Nullable String followUp(String question, List<DatasetReady> datasets, @Nullable String previous) {
        return previous != null && !datasets.isEmpty() ? FollowUps.compose(previous, question, datasets) : null;
    }

    /** The dataset a question is about: the one it names, else the one whose tables it speaks of most. */
    static Choice choose(String question, @Nullable String datasetName, List<DatasetReady> datasets) {
        if (datasets.isEmpty()) {
            return new Choice.None("You have no datasets yet. Upload a file or connect a database first.");
        }
        DatasetReady dataset;
        if (datasetName != null && !datasetName.isBlank()) {
            var named = datasets.stream()
                    .filter(candidate -> candidate.name().equalsIgnoreCase(datasetName.strip()))
                    .findFirst();
            if (named.isEmpty()) {
                return new Choice.None("You have no dataset named \"" + datasetName.strip() + "\".");
            }
            dataset = named.get();
        } else {
            var text = normalise(question);
            dataset = datasets.stream()
                    .max(Comparator.comparingInt(candidate -> datasetScore(candidate, text)))
                    .orElseThrow();
        }
        if (dataset.tables().isEmpty()) {
            return new Choice.None("The dataset \"" + dataset.name() + "\" has no tables yet.");
        }
        return new Choice.Chosen(dataset);
    }

    sealed interface Choice {
        record Chosen(DatasetReady dataset) implements Choice {}

        record None(String reason) implements Choice {}
    }

    private static int datasetScore(DatasetReady dataset, String text) {
        return dataset.tables().stream()
                .mapToInt(table -> tableScore(table, text))
                .max()
                .orElse(0);
    }
}
