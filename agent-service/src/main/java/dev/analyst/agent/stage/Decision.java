package dev.analyst.agent.stage;

import java.util.List;

/** What the planner makes of a question. */
public sealed interface Decision {

    /** The question maps onto one query. */
    record Planned(Plan plan) implements Decision {}

    /**
     * The question could not be mapped; say which words were not placed and what can be asked instead,
     * rather than answer something else confidently.
     */
    record NotUnderstood(String message, List<String> suggestions) implements Decision {
        public NotUnderstood {
            suggestions = List.copyOf(suggestions);
        }
    }

    /** The caller has no dataset the question could be about. */
    record NoDataset(String message) implements Decision {}
}
