package dev.analyst.agent.model;

/**
 * What a model is asked to be good at. Each stage of a run belongs to one role, and each role maps
 * to a chain of models, so an operator can put a cheap model on the quick calls and a strong one on
 * planning.
 */
public enum Role {
    /** Short judgements: is the question about the data, what to do with it, what to ask next. */
    FAST,
    /** Reading a question against a schema and writing the query that answers it. */
    PLANNER,
    /** Reading a failed query's error and writing the corrected query. */
    CODER,
    /** Writing for people: the summary and the chart. */
    WRITER
}
