package dev.analyst.agent.stage;

/** The decide stage: answer directly, ask one clarifying question, plan, or refuse with a reason. */
public interface Decider {

    Verdict decide(AskedQuestion question, Validation validation);
}
