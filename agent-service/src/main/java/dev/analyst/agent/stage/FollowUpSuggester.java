package dev.analyst.agent.stage;

import dev.analyst.contracts.ResultTable;
import java.util.List;

/** The suggest stage: a few questions the user could ask next, each one the analyst can answer. */
public interface FollowUpSuggester {

    List<String> suggest(AskedQuestion question, Plan plan, ResultTable result);
}
