package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Decider;
import dev.analyst.agent.stage.Validation;
import dev.analyst.agent.stage.Verdict;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.question.AnalystAgent;
import java.util.ArrayList;
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
        if (question.agent() == AnalystAgent.QA || question.agent() == AnalystAgent.CLEANING) {
            // What the profile of each table found is the answer: no query needed.
            return new Verdict(Verdict.Action.ANSWER, findings(question, validation));
        }
        return new Verdict(Verdict.Action.PLAN, "");
    }

    private static String findings(AskedQuestion question, Validation validation) {
        var dataset = question.datasetNamed(validation.dataset());
        if (dataset.isEmpty()) {
            return validation.reason();
        }
        var cleaning = question.agent() == AnalystAgent.CLEANING;
        var lines = new ArrayList<String>();
        for (var table : dataset.get().tables()) {
            if (table.profile() == null) {
                continue;
            }
            for (var finding : table.profile().findings()) {
                lines.add("- " + (dataset.get().tables().size() > 1 ? table.name() + ": " : "") + finding.message()
                        + (cleaning ? " " + remedy(finding.kind()) : ""));
            }
        }
        if (dataset.get().tables().stream().allMatch(table -> table.profile() == null)) {
            return "The tables of " + dataset.get().name() + " have no profile yet, so there are no findings to"
                    + " report. Ask about the data itself instead.";
        }
        if (lines.isEmpty()) {
            return "The profile of " + dataset.get().name() + " found nothing to " + (cleaning ? "clean" : "flag")
                    + ": no empty, constant or mostly empty columns, no outliers.";
        }
        return (cleaning ? "What to clean in " : "What the profile of ")
                + dataset.get().name() + (cleaning ? ":" : " found:") + "\n" + String.join("\n", lines);
    }

    /** What to do about a kind of finding, in a sentence. */
    private static String remedy(String kind) {
        return switch (kind) {
            case "empty", "constant" -> "Drop it: it says nothing.";
            case "mostly-null" -> "Fill it from its source, or leave it out of averages and counts.";
            case "unique-key" -> "Keep it as an identifier; never average or add it up.";
            case "outliers" -> "Check the extreme values; correct or exclude the wrong ones.";
            case "correlated" -> "Keep one of the two in a model: they carry the same information.";
            default -> "Check it against its source.";
        };
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
