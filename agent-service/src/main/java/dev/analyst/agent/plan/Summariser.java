package dev.analyst.agent.plan;

import dev.analyst.contracts.ResultTable;

/** The summarising stage: a short written answer built only from numbers in the result. */
public interface Summariser {

    String summarise(String question, Plan plan, ResultTable result);
}
