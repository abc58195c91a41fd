package dev.analyst.agent.stage;

import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.question.AnalystAgent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A question as every stage sees it: the words, the dataset the caller named if any, the datasets the
 * caller can see (newest first), the earlier turns of the conversation (oldest first), and the agent
 * it was addressed to ({@code @statistics}), its mention taken out of the words.
 */
public record AskedQuestion(
        String text,
        @Nullable String dataset,
        List<DatasetReady> datasets,
        List<Turn> turns,
        @Nullable AnalystAgent agent) {

    public AskedQuestion {
        datasets = List.copyOf(datasets);
        turns = List.copyOf(turns);
    }

    /** A question for no agent in particular. */
    public AskedQuestion(String text, @Nullable String dataset, List<DatasetReady> datasets, List<Turn> turns) {
        this(text, dataset, datasets, turns, null);
    }

    /** The question the previous turn was read as, for a follow-up to be read against; null for a first. */
    public @Nullable String previous() {
        return turns.isEmpty() ? null : turns.getLast().question();
    }

    /** An earlier turn of the conversation: the question as it was read, and the SQL that answered it. */
    public record Turn(String question, String sql) {}
}
