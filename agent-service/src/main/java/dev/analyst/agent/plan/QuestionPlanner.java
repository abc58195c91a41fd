package dev.analyst.agent.plan;

import dev.analyst.contracts.dataset.DatasetReady;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The planning stage: a question and the datasets the caller can see become a query, or an honest no. */
public interface QuestionPlanner {

    /**
     * @param datasetName the dataset the caller named, or null to choose among {@code datasets}
     * @param datasets the caller's datasets, newest first
     */
    default Decision plan(String question, @Nullable String datasetName, List<DatasetReady> datasets) {
        return plan(question, datasetName, datasets, null);
    }

    /**
     * @param previous the previous question of the conversation, as it was read (a follow-up written
     *     out whole), for a question that follows up on it ("and by number of stories?"); null for the
     *     first
     */
    Decision plan(
            String question, @Nullable String datasetName, List<DatasetReady> datasets, @Nullable String previous);
}
