package dev.analyst.agent.stage;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import java.util.function.Consumer;

/** The summarising stage: a short written answer built only from numbers in the result. */
public interface Summariser {

    /**
     * @param pieces receives the answer as it is written, piece by piece
     * @return the whole answer
     */
    String summarise(String question, Plan plan, ResultTable result, Consumer<String> pieces);

    /**
     * The answer of an analysis, from what it found: its findings, statistics and table.
     *
     * @param pieces receives the answer as it is written, piece by piece
     * @return the whole answer
     */
    String summarise(String question, Plan plan, AnalysisResult analysis, Consumer<String> pieces);
}
