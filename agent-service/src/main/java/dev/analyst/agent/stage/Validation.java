package dev.analyst.agent.stage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the validate stage made of a question: whether the caller's data can answer it, and where to
 * look.
 *
 * @param dataset the dataset to answer from, or null when none fits
 * @param tables the tables of that dataset the question is about, most relevant first
 * @param reason why, in words the caller reads when the question is not about the data
 */
public record Validation(boolean aboutTheData, @Nullable String dataset, List<String> tables, String reason) {

    public Validation {
        tables = List.copyOf(tables);
    }
}
