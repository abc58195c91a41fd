package dev.analyst.agent.stage;

import dev.analyst.contracts.dataset.DatasetReady;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A question as every stage sees it: the words, the dataset the caller named if any, the datasets the
 * caller can see (newest first) and the earlier turns of the conversation (oldest first).
 */
public record AskedQuestion(String text, @Nullable String dataset, List<DatasetReady> datasets, List<Turn> turns) {

    public AskedQuestion {
        datasets = List.copyOf(datasets);
        turns = List.copyOf(turns);
    }

    /** The question the previous turn was read as, for a follow-up to be read against; null for a first. */
    public @Nullable String previous() {
        return turns.isEmpty() ? null : turns.getLast().question();
    }

    /** An earlier turn of the conversation: the question as it was read, and the SQL that answered it. */
    public record Turn(String question, String sql) {}
}
