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
    Decision plan(String question, @Nullable String datasetName, List<DatasetReady> datasets);
}
