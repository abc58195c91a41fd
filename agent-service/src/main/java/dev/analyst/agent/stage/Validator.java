package dev.analyst.agent.stage;

/** The validate stage: is the question about the caller's data, and which dataset and tables. */
public interface Validator {

    Validation validate(AskedQuestion question);
}
