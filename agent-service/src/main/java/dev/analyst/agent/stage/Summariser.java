package dev.analyst.agent.stage;

import dev.analyst.contracts.ResultTable;
import java.util.function.Consumer;

/** The summarising stage: a short written answer built only from numbers in the result. */
public interface Summariser {

    /**
     * @param pieces receives the answer as it is written, piece by piece
     * @return the whole answer
     */
    String summarise(String question, Plan plan, ResultTable result, Consumer<String> pieces);
}
