package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Decider;
import dev.analyst.agent.stage.Validation;
import dev.analyst.agent.stage.Verdict;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The built-in model's decision: greetings and questions about the analyst itself or about which data
 * there is are answered directly; a question without data is refused; everything else is planned.
 */
@Component
public class BuiltInDecider implements Decider {

    private static final Pattern ABOUT_ITSELF = Pattern.compile(
            "(hi|hello|hey|help|thanks|thank you|what can you do|who are you|how do(es)? (this|it|you) work)\\W*");
    private static final Pattern ABOUT_THE_DATA = Pattern.compile(
            "(what|which) (data|datasets?|tables?)( do i have| are there| can i ask about| is there)?\\W*");

    @Override
    public Verdict decide(AskedQuestion question, Validation validation) {
        var text = question.text().strip().toLowerCase(Locale.ROOT);
        if (ABOUT_ITSELF.matcher(text).matches() || ABOUT_THE_DATA.matcher(text).matches()) {
            return new Verdict(Verdict.Action.ANSWER, introduction(question));
        }
        if (!validation.aboutTheData()) {
            return new Verdict(Verdict.Action.REFUSE, validation.reason());
        }
        return new Verdict(Verdict.Action.PLAN, "");
    }

    private static String introduction(AskedQuestion question) {
        if (question.datasets().isEmpty()) {
            return "I answer questions about your data with SQL, a table, a chart and a short explanation."
                    + " You have no datasets yet: upload a CSV or Excel file, or connect a PostgreSQL database.";
        }
        return "I answer questions about your data with SQL, a table, a chart and a short explanation. You can ask"
                + " about "
                + question.datasets().stream().map(BuiltInDecider::describe).collect(Collectors.joining("; "))
                + ". For example: \"How many rows are there?\", or an average, a total or a count by a column.";
    }

    private static String describe(DatasetReady dataset) {
        var tables = dataset.tables().stream().map(TableSchema::name).toList();
        return dataset.name()
                + (tables.size() == 1 && tables.getFirst().equals(dataset.name())
                        ? ""
                        : " (" + String.join(", ", tables.stream().limit(8).toList()) + (tables.size() > 8 ? ", …" : "")
                                + ")");
    }
}
