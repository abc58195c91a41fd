package dev.analyst.agent.stage;

/**
 * What the decide stage chose to do with a question.
 *
 * @param message the direct answer, the clarifying question, or the reason for refusing; empty to plan
 */
public record Verdict(Action action, String message) {

    public enum Action {
        /** Answer from what is known without a query: what the analyst can do, which datasets there are. */
        ANSWER,
        /** Ask one question back, because the question can be read in ways that give different answers. */
        CLARIFY,
        /** Plan a query. */
        PLAN,
        /** Decline, with the reason. */
        REFUSE
    }
}
