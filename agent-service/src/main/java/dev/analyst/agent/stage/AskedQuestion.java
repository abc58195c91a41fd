package dev.analyst.agent.stage;

import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.question.AnalystAgent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A question as every stage sees it: the words, the dataset the caller named if any, the datasets the
 * caller can see (newest first), the earlier turns of the conversation (oldest first), and the agent
 * it was addressed to ({@code @statistics}), its mention taken out of the words, and the tenant's
 * answers marked correct for the most similar earlier questions.
 */
public record AskedQuestion(
        String text,
        @Nullable String dataset,
        List<DatasetReady> datasets,
        List<Turn> turns,
        @Nullable AnalystAgent agent,
        List<Example> examples) {

    public AskedQuestion {
        datasets = List.copyOf(datasets);
        turns = List.copyOf(turns);
        examples = List.copyOf(examples);
    }

    /** A question for no agent in particular, with no examples. */
    public AskedQuestion(String text, @Nullable String dataset, List<DatasetReady> datasets, List<Turn> turns) {
        this(text, dataset, datasets, turns, null, List.of());
    }

    /** A question for an agent, with no examples. */
    public AskedQuestion(
            String text,
            @Nullable String dataset,
            List<DatasetReady> datasets,
            List<Turn> turns,
            @Nullable AnalystAgent agent) {
        this(text, dataset, datasets, turns, agent, List.of());
    }

    /** The caller's dataset of that name, in any case. */
    public Optional<DatasetReady> datasetNamed(@Nullable String name) {
        return datasets.stream()
                .filter(dataset -> dataset.name().equalsIgnoreCase(name))
                .findFirst();
    }

    /** The caller's dataset with that id: the one a plan is over. */
    public Optional<DatasetReady> dataset(UUID datasetId) {
        return datasets.stream()
                .filter(dataset -> dataset.datasetId().equals(datasetId))
                .findFirst();
    }

    /** The question the previous turn was read as, for a follow-up to be read against; null for a first. */
    public @Nullable String previous() {
        return turns.isEmpty() ? null : turns.getLast().question();
    }

    /** An earlier turn of the conversation: the question as it was read, and the SQL that answered it. */
    public record Turn(String question, String sql) {}

    /**
     * An answer the tenant marked correct, for a question like this one.
     *
     * @param similarity how alike the two questions are, from -1 to 1
     */
    public record Example(String dataset, String question, String sql, double similarity) {}
}
