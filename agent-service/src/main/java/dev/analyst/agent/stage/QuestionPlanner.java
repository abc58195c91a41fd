package dev.analyst.agent.stage;

/** The plan stage: a question and where to look become a query, or an honest no. */
public interface QuestionPlanner {

    Decision plan(AskedQuestion question, Validation validation);
}
